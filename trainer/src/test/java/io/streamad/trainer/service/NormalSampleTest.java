package io.streamad.trainer.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

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
