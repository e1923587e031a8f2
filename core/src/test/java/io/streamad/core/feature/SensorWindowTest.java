package io.streamad.core.feature;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SensorWindowTest {

    @Test
    void shouldCopyEachMeasurementsWindowOldestFirstBeforeAndAfterTheRingWraps() {
        SensorWindow window = new SensorWindow(2, 5, 0, 0);
        List<Float> appended = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            window.append(new double[] {i, 100 + i});
            appended.add((float) i);

            float[] first = new float[5];
            float[] second = new float[5];
            window.copyInOrder(0, first);
            window.copyInOrder(1, second);

            int filled = window.filled();
            assertThat(filled).isEqualTo(Math.min(i + 1, 5));
            for (int k = 0; k < filled; k++) {
                float expected = appended.get(appended.size() - filled + k);
                assertThat(first[k]).as("reading %d, slot %d", i, k).isEqualTo(expected);
                assertThat(second[k]).as("reading %d, slot %d", i, k).isEqualTo(100 + expected);
            }
        }
    }
}
