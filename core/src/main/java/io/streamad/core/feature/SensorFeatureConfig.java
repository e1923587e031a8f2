package io.streamad.core.feature;

import java.util.List;

/**
 * Parameters of the sensor features.
 *
 * @param measurements the measurement names every reading must carry, in feature order
 * @param window       the short window: how many previous readings the window statistics use
 * @param longMemory   the long-run statistics' memory in readings (an exponential average's span)
 */
public record SensorFeatureConfig(List<String> measurements, int window, int longMemory) {

    public static final int DEFAULT_WINDOW = 32;
    public static final int DEFAULT_LONG_MEMORY = 3000;

    public SensorFeatureConfig {
        measurements = List.copyOf(measurements);
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("at least one measurement name is required");
        }
        if (window < 4) {
            throw new IllegalArgumentException("window must be at least 4 readings, was " + window);
        }
        if (longMemory < window) {
            throw new IllegalArgumentException("longMemory (" + longMemory + ") must not be shorter than window (" + window + ")");
        }
    }

    public static SensorFeatureConfig of(List<String> measurements) {
        return new SensorFeatureConfig(measurements, DEFAULT_WINDOW, DEFAULT_LONG_MEMORY);
    }
}
