package io.streamad.trainer.config;

import io.micronaut.context.ApplicationContext;
import io.streamad.trainer.service.NormalSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer's settings as the service binds them. */
class TrainerConfigTest {

    @Test
    void shouldKeepCardTransactionsAnHourAwayFromAnAnomalyAndSensorsAMinute() {
        // the trainer service, and a detector with the trainer inside it, whatever its environment
        for (String environment : new String[] {"trainer", "test"}) {
            try (ApplicationContext context = ApplicationContext.builder().environments(environment).start()) {
                TrainerConfig.Sample sample = context.getBean(TrainerConfig.class).getSample();

                assertThat(NormalSample.guard(sample, "sensor")).isEqualTo(Duration.ofMinutes(1));
                assertThat(NormalSample.guard(sample, "transaction")).isEqualTo(Duration.ofHours(1));
            }
        }
    }

    @Test
    void shouldLetAConfiguredGuardWinOverAFamilysBuiltInOne() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "streamad.trainer.sample.anomaly-guard-by-family.transaction", "5m",
                "streamad.trainer.sample.anomaly-guard", "10m"))) {
            TrainerConfig.Sample sample = context.getBean(TrainerConfig.class).getSample();

            assertThat(NormalSample.guard(sample, "transaction")).isEqualTo(Duration.ofMinutes(5));
            assertThat(NormalSample.guard(sample, "sensor")).isEqualTo(Duration.ofMinutes(10));
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

    @Test
    void shouldSeedTrainingWith42UnlessTold() {
        try (ApplicationContext context = ApplicationContext.run()) {
            assertThat(context.getBean(TrainerConfig.class).getRetrain().getSeed()).isEqualTo(42L);
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("streamad.trainer.retrain.seed", "7"))) {
            assertThat(context.getBean(TrainerConfig.class).getRetrain().getSeed()).isEqualTo(7L);
        }
    }
}
