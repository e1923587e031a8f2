package io.streamad.core.feature;

import java.time.Duration;
import java.util.List;

/**
 * Parameters of the sensor features.
 *
 * @param measurements    the measurement names every reading must carry, in feature order
 * @param window          the short window: how many previous readings the window statistics use
 * @param longMemory      the long-run statistics' memory in readings (an exponential average's span)
 * @param lags            how many previous readings are features in their own right (the shape of the recent
 *                        past), at most {@code window}; 0 for none
 * @param seasonalBuckets how many slots the day is cut into for the time-of-day profile; 0 for no profile
 * @param seasonalMemory  how long the time-of-day profile remembers: readings lose weight with this time constant
 */
public record SensorFeatureConfig(List<String> measurements, int window, int longMemory, int lags,
                                  int seasonalBuckets, Duration seasonalMemory) {

    public static final int DEFAULT_WINDOW = 32;
    public static final int DEFAULT_LONG_MEMORY = 3000;
    public static final int DEFAULT_LAGS = 30;
    public static final int DEFAULT_SEASONAL_BUCKETS = 24;
    public static final Duration DEFAULT_SEASONAL_MEMORY = Duration.ofDays(5);

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
        if (lags < 0 || lags > window) {
            throw new IllegalArgumentException("lags must be between 0 and window (" + window + "), was " + lags);
        }
        if (seasonalBuckets < 0 || seasonalBuckets > 1440 || (seasonalBuckets > 0 && 1440 % seasonalBuckets != 0)) {
            throw new IllegalArgumentException("seasonalBuckets must be 0 or divide a day's 1440 minutes, was " + seasonalBuckets);
        }
        if (seasonalMemory == null || seasonalMemory.isNegative() || seasonalMemory.isZero()) {
            throw new IllegalArgumentException("seasonalMemory must be a positive duration, was " + seasonalMemory);
        }
    }

    /** The given window and long memory with the default lags and time-of-day profile. */
    public SensorFeatureConfig(List<String> measurements, int window, int longMemory) {
        this(measurements, window, longMemory, defaultLags(window), DEFAULT_SEASONAL_BUCKETS, DEFAULT_SEASONAL_MEMORY);
    }

    /** The lags when none are set: {@value #DEFAULT_LAGS}, or the whole window if it is shorter. */
    public static int defaultLags(int window) {
        return Math.min(DEFAULT_LAGS, window);
    }

    public static SensorFeatureConfig of(List<String> measurements) {
        return new SensorFeatureConfig(measurements, DEFAULT_WINDOW, DEFAULT_LONG_MEMORY);
    }

    /** The same parameters for other measurements. */
    public SensorFeatureConfig withMeasurements(List<String> names) {
        return new SensorFeatureConfig(names, window, longMemory, lags, seasonalBuckets, seasonalMemory);
    }
}
