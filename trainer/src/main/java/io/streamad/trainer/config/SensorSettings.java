package io.streamad.trainer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.time.Duration;
import java.util.List;

/** Sensor features, {@code streamad.sensors.*}. Detector and trainer must be configured alike. */
@ConfigurationProperties("streamad.sensors")
public interface SensorSettings {

    /** Measurement names every reading must carry, in feature order. */
    @Bindable(defaultValue = "value") @NotEmpty List<@NotBlank String> getMeasurements();

    /** Short window, in readings. */
    @Bindable(defaultValue = "32") @Min(4) @Max(1024) int getWindow();

    /** Long-run memory, in readings. */
    @Bindable(defaultValue = "3000") @Min(4) int getLongMemory();

    /**
     * Previous readings that are features in their own right; at most the window. Unset:
     * {@link io.streamad.core.feature.SensorFeatureConfig#defaultLags(int)}, 30 or the whole window if it is shorter.
     */
    @Nullable @Min(0) @Max(1024) Integer getLags();

    /** Slots of the day (UTC) in the time-of-day profile; 0 turns the profile off. Must divide 1440. */
    @Bindable(defaultValue = "24") @Min(0) @Max(1440) int getSeasonalBuckets();

    /** How long the time-of-day profile remembers (time constant of its decay). */
    @Bindable(defaultValue = "5d") Duration getSeasonalMemory();
}
