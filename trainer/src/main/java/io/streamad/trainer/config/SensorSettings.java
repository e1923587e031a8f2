package io.streamad.trainer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

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
}
