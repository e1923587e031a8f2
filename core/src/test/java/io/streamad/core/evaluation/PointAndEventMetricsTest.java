package io.streamad.core.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PointAndEventMetricsTest {

    private static final boolean[] LABELS = {false, true, true, true, false, false, true, true, false, false};
    private static final boolean[] FLAGS = {true, false, true, true, false, false, false, false, false, true};

    @Test
    void shouldCountRowsFromTheFirstJudgedOne() {
        PointMetrics all = PointMetrics.of(LABELS, FLAGS, 0);
        assertThat(all).isEqualTo(new PointMetrics(2, 2, 3, 3));
        assertThat(all.precision()).isEqualTo(0.5);
        assertThat(all.recall()).isEqualTo(0.4);
        assertThat(all.f1()).isCloseTo(2 * 0.5 * 0.4 / 0.9, within(1e-12));
        assertThat(all.falseAlarmRate()).isEqualTo(0.4);
        assertThat(all.missedAlarmRate()).isEqualTo(0.6);
        assertThat(PointMetrics.of(LABELS, FLAGS, 1).fp()).isEqualTo(1);
    }

    @Test
    void shouldFindLabelledRunsAndTheDelayToTheirFirstDetection() {
        long[] times = new long[LABELS.length];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1000L * i;
        }
        List<int[]> runs = EventMetrics.runs(LABELS, 0);
        assertThat(runs).containsExactly(new int[] {1, 3}, new int[] {6, 7});
        EventMetrics events = EventMetrics.of(times, runs, FLAGS);
        assertThat(events.events()).isEqualTo(2);
        assertThat(events.detected()).isEqualTo(1);
        assertThat(events.recall()).isEqualTo(0.5);
        assertThat(events.delays()).containsExactly(new EventMetrics.Delay(1000, 1));
        assertThat(events.medianDelayRows()).isEqualTo(1.0);
    }
}
