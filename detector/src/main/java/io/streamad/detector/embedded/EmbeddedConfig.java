package io.streamad.detector.embedded;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** The embedded demo, under {@code streamad.embedded.*}. Only read when no Kafka cluster is configured. */
@ConfigurationProperties("streamad.embedded")
public interface EmbeddedConfig {

    /** Set by the launcher when it started the embedded broker. */
    @Bindable(defaultValue = "false") boolean isEnabled();

    /** Readings per second once the sensor replay goes live. */
    @Bindable(defaultValue = "250") @Min(1) int getSensorRate();

    /** Transactions per second once the card simulation goes live. */
    @Bindable(defaultValue = "300") @Min(1) int getTransactionRate();

    /** Cardholders in the simulation. */
    @Bindable(defaultValue = "2000") @Min(10) int getCards();

    /** Fraud incidents per simulated day, across all cards. */
    @Bindable(defaultValue = "4") @DecimalMin("0") double getFraudPerDay();

    /**
     * Simulated days of card history published at once at start-up and used for the first training;
     * fraud starts after it (training data is cleared of known fraud, as it would be in production).
     */
    @Bindable(defaultValue = "14") @Min(1) int getBackfillDays();

    /** The first stretch of the sensor series published at once and trained on (NAB's probation period). */
    @Bindable(defaultValue = "0.15") @DecimalMin("0.05") @DecimalMax("0.5") double getTrainingFraction();

    /**
     * How long each replay, once its history is published, waits for the first model of its family to serve
     * before it goes live anyway. Live records published before a model serves could not be judged, and would
     * reach the first training sample unscreened.
     */
    @Bindable(defaultValue = "3m") @NotNull Duration getFirstModelWait();

    /** How often the console prints a summary. */
    @Bindable(defaultValue = "20s") @NotNull Duration getReportInterval();
}
