package io.streamad.trainer.service;

import io.streamad.trainer.config.TrainerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldSnapshotTheSameRowsInTheSameOrderWhicheverPartitionWasReadFirst() {
        NormalSample aFirst = new NormalSample(1000, Duration.ofDays(10), Duration.ofMinutes(30), 1000);
        NormalSample bFirst = new NormalSample(1000, Duration.ofDays(10), Duration.ofMinutes(30), 1000);
        for (int i = 0; i < 100; i++) {
            aFirst.normal("a", i * MINUTE, row(i));
        }
        for (int i = 0; i < 100; i++) {
            aFirst.normal("b", i * MINUTE, row(1000 + i));
            bFirst.normal("b", i * MINUTE, row(1000 + i));
        }
        for (int i = 0; i < 100; i++) {
            bFirst.normal("a", i * MINUTE, row(i));
        }
        NormalSample.Snapshot one = aFirst.snapshot();
        NormalSample.Snapshot other = bFirst.snapshot();

        assertThat(one.eventTimes()).isSorted().containsExactly(other.eventTimes());
        assertThat(one.rows()).isDeepEqualTo(other.rows());
        // at one time, key a's row before key b's
        assertThat(one.rows()[0][0]).isEqualTo(0f);
        assertThat(one.rows()[1][0]).isEqualTo(1000f);
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

    @Test
    void shouldTakeALabelledSpanOfItsKeyOutOfTheSampleAndKeepLaterRowsOfItOut() {
        // a full ring: 2 x 150 rows offered, rows 144..149 still in the delay line (guard 5 minutes), the last 100 of the
        // admitted ones kept (94..143 of each key)
        NormalSample ring = new NormalSample(100, Duration.ofDays(10), Duration.ofMinutes(5), 1000);
        for (int i = 0; i < 150; i++) {
            ring.normal("a", i * MINUTE, row(i));
            ring.normal("b", i * MINUTE, row(1000 + i));
        }
        List<Float> before = firsts(ring.snapshot().rows());
        assertThat(before).hasSize(100).contains(94f, 143f, 1094f, 1143f);

        // a confirmed anomaly of a from 120 to 125, widened by the guard to 115..130
        int removed = ring.label("a", 120 * MINUTE, 125 * MINUTE);
        List<Float> after = firsts(ring.snapshot().rows());

        assertThat(removed).isEqualTo(16);
        assertThat(after).hasSize(84).noneMatch(v -> v >= 115 && v <= 130).contains(114f, 131f);
        assertThat(after).filteredOn(v -> v >= 1000).containsExactlyElementsOf(before.stream().filter(v -> v >= 1000).toList());
        assertThat(ring.snapshot().eventTimes()).isSorted();

        // a row of the span arriving late stays out; the key's rows after it, and b's in it, come in as before
        ring.normal("a", 128 * MINUTE, row(128));
        for (int i = 150; i < 170; i++) {
            ring.normal("a", i * MINUTE, row(i));
            ring.normal("b", i * MINUTE, row(1000 + i));
        }
        List<Float> later = firsts(ring.snapshot().rows());
        assertThat(later).doesNotContain(128f).contains(150f, 1150f, 1120f);
        assertThat(ring.snapshot().eventTimes()).isSorted();
    }

    @Test
    void shouldTakeLabelledRowsOutOfTheDelayLineAndRefuseASpanEndingBeforeItStarts() {
        NormalSample sample = new NormalSample(100, Duration.ofDays(10), Duration.ofMinutes(30), 1000);
        for (int i = 0; i < 20; i++) {
            sample.normal("a", i * MINUTE, row(i));
        }
        // nothing admitted yet: all 20 rows wait out the 30-minute guard
        assertThat(sample.label("a", 5 * MINUTE, 6 * MINUTE)).isEqualTo(20);
        for (int i = 20; i < 80; i++) {
            sample.normal("a", i * MINUTE, row(i));
        }
        assertThat(firsts(sample.snapshot().rows())).noneMatch(v -> v <= 36).contains(37f);
        assertThatThrownBy(() -> sample.label("a", 10 * MINUTE, 9 * MINUTE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends");
    }

    private static List<Float> firsts(float[][] rows) {
        return java.util.Arrays.stream(rows).map(r -> r[0]).toList();
    }
}
