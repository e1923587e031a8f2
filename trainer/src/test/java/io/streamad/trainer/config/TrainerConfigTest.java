package io.streamad.trainer.config;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer's settings as the service binds them. */
class TrainerConfigTest {

    @Test
    void shouldKeepCardTransactionsAnHourAwayFromAnAnomalyAndSensorsAMinute() {
        try (ApplicationContext context = ApplicationContext.builder().environments("trainer").start()) {
            TrainerConfig.Sample sample = context.getBean(TrainerConfig.class).getSample();

            assertThat(sample.getAnomalyGuard()).isEqualTo(Duration.ofMinutes(1));
            assertThat(sample.getAnomalyGuardByFamily()).containsExactly(Map.entry("transaction", Duration.ofHours(1)));
        }
    }

    @Test
    void shouldBindAFamilysGuardGivenAsAProperty() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "streamad.trainer.sample.anomaly-guard-by-family.sensor", "15m"))) {
            assertThat(context.getBean(TrainerConfig.class).getSample().getAnomalyGuardByFamily())
                    .containsEntry("sensor", Duration.ofMinutes(15));
        }
    }
}
