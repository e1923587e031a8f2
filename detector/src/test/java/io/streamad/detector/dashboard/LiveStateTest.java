package io.streamad.detector.dashboard;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveStateTest {

    private static Live.Point point(String key, long t, String verdict) {
        return new Live.Point(key, "SENSOR", t, 0.1, 0.2, verdict, "v1");
    }

    private static Live.Anomaly anomaly(String key, long t) {
        return new Live.Anomaly(key, "SENSOR", t, 0.5, 0.2, "KEY", "v1", List.of(new Live.Contribution("value.z_short", 0.7, 5.1)), Map.of());
    }

    @Test
    void shouldKeepOnlyTheLastPointsOfAKey() {
        LiveState state = new LiveState(10, 3, 5);
        for (long t = 1; t <= 5; t++) {
            state.add(point("a", t, "NORMAL"));
        }
        assertThat(state.points("a")).extracting(Live.Point::t).containsExactly(3L, 4L, 5L);
    }

    @Test
    void shouldDropTheLeastRecentlyScoredKeyWithoutAnomaliesFirst() {
        // given two keys at capacity, the older one with an anomaly
        LiveState state = new LiveState(2, 10, 5);
        state.add(point("flagged", 1, "ANOMALY"));
        state.add(point("quiet", 2, "NORMAL"));
        // when a third key arrives
        state.add(point("new", 3, "NORMAL"));
        // then the quiet key went, though the flagged one is older
        assertThat(state.keys(10)).extracting(Live.KeySummary::key).containsExactly("flagged", "new");
        assertThat(state.points("quiet")).isEmpty();
    }

    @Test
    void shouldDropTheLeastRecentlyScoredKeyWhenEveryKeyHasAnomalies() {
        LiveState state = new LiveState(2, 10, 5);
        state.add(point("a", 1, "ANOMALY"));
        state.add(point("b", 2, "ANOMALY"));
        state.add(point("a", 3, "NORMAL"));
        state.add(point("c", 4, "NORMAL"));
        assertThat(state.keys(10)).extracting(Live.KeySummary::key).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void shouldKeepTheLatestAnomaliesNewestFirst() {
        LiveState state = new LiveState(2, 10, 2);
        state.add(anomaly("a", 1));
        state.add(anomaly("b", 2));
        state.add(anomaly("c", 3));
        assertThat(state.anomalies()).extracting(Live.Anomaly::key).containsExactly("c", "b");
    }

    @Test
    void shouldListKeysWithAnomaliesFirstThenByPoints() {
        LiveState state = new LiveState(10, 10, 5);
        state.add(point("many", 1, "NORMAL"));
        state.add(point("many", 2, "NORMAL"));
        state.add(point("flagged", 3, "ANOMALY"));
        state.add(point("one", 4, "NORMAL"));
        assertThat(state.keys(2)).extracting(Live.KeySummary::key).containsExactly("flagged", "many");
    }
}
