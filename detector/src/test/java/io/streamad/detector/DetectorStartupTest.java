package io.streamad.detector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.streamad.core.feature.SensorFeatureConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up refuses what it cannot serve correctly, before any record is read. */
class DetectorStartupTest {

    @TempDir
    Path work;

    private ApplicationContext start(Map<String, Object> overrides) {
        return ApplicationContext.run(BrokerlessDetector.properties(work, overrides));
    }

    @Test
    void shouldRefuseToStartWithAModelForOtherFeatures() {
        // a model trained with a 16-reading window, a detector configured for 32 (with as many lags, so only the window differs)
        TestModels.sensorModel(work.resolve("models"), List.of("a"), 400, TestModels.SENSORS);

        assertThatThrownBy(() -> start(Map.of("streamad.sensors.measurements", List.of("temp"),
                "streamad.sensors.lags", TestModels.SENSORS.lags())).close())
                .isInstanceOf(BeanInstantiationException.class)
                .rootCause()
                .hasMessageContaining("rejected: feature schema mismatch")
                .hasMessageContaining("window=16").hasMessageContaining("window=" + SensorFeatureConfig.DEFAULT_WINDOW);
    }

    @Test
    void shouldNameTheKeyOfAnInvalidSetting() {
        assertThatThrownBy(() -> start(Map.of("streamad.batching.max-rows", 0)).close())
                .hasMessageContaining("streamad.batching")
                .hasMessageContaining("getMaxRows - must be greater than or equal to 1");
    }
}
