package io.streamad.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The state-scale step on real RocksDB stores, at sizes a test can afford. */
class StateScaleTest {

    @TempDir
    Path dir;

    @Test
    void shouldMeasureBothFamiliesAtEveryKeyCount() {
        List<StateStep> steps = new StateScale(dir).run(List.of(500L, 2_000L));

        assertThat(steps).extracting(StateStep::family).containsExactly("sensor", "sensor", "transaction", "transaction");
        assertThat(steps).extracting(StateStep::keys).containsExactly(500L, 2_000L, 500L, 2_000L);
        for (StateStep step : steps) {
            assertThat(step.windowBytesPerKey()).isPositive();
            assertThat(step.thresholdBytesPerKey()).isPositive();
            assertThat(step.storeBytesPerKey()).isEqualTo(step.windowBytesPerKey() + step.thresholdBytesPerKey());
            assertThat(step.updatesPerSecond()).isPositive();
        }
        // a card's history (counts, amounts, a few remembered merchants) is far smaller than a sensor's window
        // (32 readings and a 24-slot time-of-day profile)
        assertThat(steps.get(3).windowBytesPerKey()).isLessThan(steps.get(1).windowBytesPerKey() / 2);
    }
}
