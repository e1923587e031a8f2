package io.streamad.trainer.service;

import io.streamad.trainer.config.TrainerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NormalSampleTest {

    private static final long MINUTE = 60_000;
    private final NormalSample sample = new NormalSample(100, Duration.ofHours(10), Duration.ofMinutes(30), 1000);

    private static float[] row(int i) {
        return new float[] {i};
    }

    @Test
    void shouldAdmitNormalRowsOnceTheGuardHasPassed() {
        for (int i = 0; i < 40; i++) {
            sample.normal("a", i * MINUTE, row(i));
        }
        // rows within 30 minutes of the newest are still in the delay line
        assertThat(sample.snapshot().size()).isEqualTo(9);
        assertThat(sample.snapshot().rows()[0][0]).isZero();
    }

    @Test
    void shouldLeaveOutTheKeysRowsAroundAnAnomalyButNotOtherKeys() {
        NormalSample large = new NormalSample(1000, Duration.ofHours(10), Duration.ofMinutes(30), 1000);
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                large.anomaly("a", i * MINUTE);
            } else {
                large.normal("a", i * MINUTE, row(i));
            }
            large.normal("b", i * MINUTE, row(1000 + i));
        }
        List<Float> firsts = firsts(large.snapshot().rows());
        assertThat(firsts).noneMatch(v -> v >= 70 && v <= 130);
        assertThat(firsts).contains(1100f, 69f);
    }

    @Test
    void shouldGiveAFamilyItsOwnGuard() {
        TrainerConfig.Sample settings = settings(Duration.ofMinutes(1), Map.of("transaction", Duration.ofMinutes(30)));
        NormalSample sensors = NormalSample.of(settings, "sensor", System::currentTimeMillis);
        NormalSample cards = NormalSample.of(settings, "transaction", System::currentTimeMillis);
        for (NormalSample family : List.of(sensors, cards)) {
            for (int i = 0; i < 200; i++) {
                if (i == 100) {
                    family.anomaly("a", i * MINUTE);
                } else {
                    family.normal("a", i * MINUTE, row(i));
                }
            }
        }
        // the default guard leaves out only the rows a minute either side; the family's own, half an hour
        assertThat(firsts(sensors.snapshot().rows())).contains(98f, 102f).noneMatch(v -> v >= 99 && v <= 101);
        assertThat(firsts(cards.snapshot().rows())).contains(69f, 131f).noneMatch(v -> v >= 70 && v <= 130);
    }

    private static TrainerConfig.Sample settings(Duration guard, Map<String, Duration> guardByFamily) {
        return new TrainerConfig.Sample() {
            @Override
            public int getMaxRows() {
                return 1000;
            }

            @Override
            public Duration getMaxAge() {
                return Duration.ofDays(10);
            }

            @Override
            public Duration getAnomalyGuard() {
                return guard;
            }

            @Override
            public Map<String, Duration> getAnomalyGuardByFamily() {
                return guardByFamily;
            }

            @Override
            public int getMaxKeys() {
                return 1000;
            }
        };
    }

    @Test
    void shouldAdmitRowsReadOutOfOrderAcrossPartitions() {
        NormalSample large = new NormalSample(1000, Duration.ofDays(10), Duration.ofMinutes(30), 1000);
        for (int i = 0; i < 100; i++) {
            large.normal("a", i * MINUTE, row(i));
        }
        for (int i = 0; i < 100; i++) {
            large.normal("b", i * MINUTE, row(1000 + i));
        }
        // both keys' rows older than 30 minutes behind the newest are in, whatever order they came in
        assertThat(large.snapshot().size()).isEqualTo(2 * 69);
    }

    @Test
    void shouldStayBoundedAndKeepTheNewest() {
        for (int i = 0; i < 10_000; i++) {
            sample.normal("a", i * MINUTE / 10, row(i));
        }
        NormalSample.Snapshot s = sample.snapshot();
        assertThat(s.size()).isEqualTo(100);
        assertThat(s.rows()[99][0]).isGreaterThan(9000);
        assertThat(s.eventTimes()).isSorted();
        assertThat(sample.admitted()).isGreaterThan(9000);
    }

    @Test
    void shouldRefuseRowsStampedAheadOfTheClockSoTheyCannotEmptyTheSample() {
        NormalSample clocked = new NormalSample(1000, Duration.ofDays(10), Duration.ZERO, 10, () -> 500 * MINUTE);
        for (int i = 0; i < 300; i++) {
            clocked.normal("a", i * MINUTE, row(i));
        }
        boolean future = clocked.normal("a", 500 * MINUTE + 365L * 24 * 60 * MINUTE, row(-1));
        clocked.normal("a", 300 * MINUTE, row(300));

        assertThat(future).isFalse();
        assertThat(clocked.snapshot().size()).isEqualTo(300);
    }

    @Test
    void shouldForgetRowsOlderThanTheMaximumAge() {
        NormalSample shortMemory = new NormalSample(1000, Duration.ofHours(1), Duration.ZERO, 10);
        for (int i = 0; i < 300; i++) {
            shortMemory.normal("a", i * MINUTE, row(i));
        }
        assertThat(firsts(shortMemory.snapshot().rows())).allMatch(v -> v >= 239);
    }

    private static List<Float> firsts(float[][] rows) {
        return java.util.Arrays.stream(rows).map(r -> r[0]).toList();
    }
}
