package io.streamad.trainer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** Card-transaction features, {@code streamad.transactions.*}. Detector and trainer must be configured alike. */
@ConfigurationProperties("streamad.transactions")
public interface TransactionSettings {

    @Bindable(defaultValue = "1h") @NotNull Duration getShortWindow();

    @Bindable(defaultValue = "24h") @NotNull Duration getLongWindow();

    @Bindable(defaultValue = "16") @Min(1) @Max(127) int getKnownMerchants();

    @Bindable(defaultValue = "4") @Min(1) @Max(127) int getKnownCountries();
}
