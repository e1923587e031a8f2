package io.streamad.detector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The detector's settings under {@code streamad.*}; each key is in the README's configuration table.
 * The feature settings ({@code streamad.sensors.*}, {@code streamad.transactions.*}) are shared with the
 * trainer: see {@link io.streamad.trainer.config.SensorSettings}.
 */
@ConfigurationProperties("streamad")
public interface DetectorConfig {

    @NotNull
    @Valid
    Topics getTopics();

    @NotNull
    @Valid
    Threshold getThreshold();

    @NotNull
    @Valid
    Batching getBatching();

    @NotNull
    @Valid
    Models getModels();

    @NotNull
    @Valid
    Input getInput();

    @NotNull
    @Valid
    Startup getStartup();

    /** Topic names, and how the detector creates topics that do not exist yet. */
    @ConfigurationProperties("topics")
    interface Topics {
        @Bindable(defaultValue = "sensor-readings") @NotBlank String getSensors();

        @Bindable(defaultValue = "card-transactions") @NotBlank String getTransactions();

        @Bindable(defaultValue = "scores") @NotBlank String getScores();

        @Bindable(defaultValue = "anomalies") @NotBlank String getAnomalies();

        @Bindable(defaultValue = "dead-letters") @NotBlank String getDeadLetters();

        /** Compacted, one partition: model artifacts and which version each family serves. */
        @Bindable(defaultValue = "models") @NotBlank String getModels();

        /**
         * Anomalies confirmed after the fact ({@code AnomalyLabel}, posted to {@code /labels} or produced directly): the
         * trainer keeps their rows out of what it learns. One partition; the trainer's {@code streamad.trainer.labels-topic}.
         */
        @Bindable(defaultValue = "anomaly-labels") @NotBlank String getLabels();

        /** Create missing topics at start-up (needs the CREATE ACL on a secured cluster). */
        @Bindable(defaultValue = "true") boolean isCreate();

        @Bindable(defaultValue = "3") @Min(1) int getPartitions();

        @Bindable(defaultValue = "1") @Min(1) @Max(Short.MAX_VALUE) int getReplicationFactor();
    }

    /** Per-key adaptive thresholds. */
    @ConfigurationProperties("threshold")
    interface Threshold {
        /**
         * {@code likelihood}: the mean of the key's last scores k deviations above its mean score; {@code peak}: k times
         * its recent highest score; {@code band}: an upper band over its normal scores.
         */
        @Bindable(defaultValue = "likelihood") @NotNull @Pattern(regexp = "(?i)peak|band|likelihood") String getMode();

        @Bindable(defaultValue = "5.0") @DecimalMin("0.1") double getK();

        @Bindable(defaultValue = "2000") @Min(2) int getMemory();

        @Bindable(defaultValue = "100") @Min(1) int getMinScores();

        @Bindable(defaultValue = "0.25") @DecimalMin("0.0") double getFloorRatio();

        /** Scores after an anomaly event during which the same key raises no new event. */
        @Bindable(defaultValue = "200") @Min(0) int getCooldown();

        /** Within the cooldown, an anomaly scoring this many times the last event's score raises a new event. */
        @Bindable(defaultValue = "4.0") @DecimalMin("1.01") double getEscalation();

        /** Within the cooldown, an anomaly after this many scores without one opens a new incident (0: never). */
        @Bindable(defaultValue = "50") @Min(0) int getQuiet();

        /** A sensor reading further outside its sensor's lowest-to-highest span than this share of it is an anomaly (0: never). */
        @Bindable(defaultValue = "0.05") @DecimalMin("0.0") double getRange();

        /**
         * A sensor reading whose value has lasted more than this many readings, and longer than any value of its sensor
         * lasted before, is an anomaly (0: never).
         */
        @Bindable(defaultValue = "100") @Min(0) int getStuck();
    }

    /** Micro-batching of inference, and the state store kind. */
    @ConfigurationProperties("batching")
    interface Batching {
        @Bindable(defaultValue = "256") @Min(1) @Max(100000) int getMaxRows();

        @Bindable(defaultValue = "20ms") @NotNull Duration getMaxDelay();

        /** RocksDB (true) or in-memory stores restored from changelogs (false). */
        @Bindable(defaultValue = "true") boolean isPersistentStores();
    }

    /** Where models come from. */
    @ConfigurationProperties("models")
    interface Models {
        /**
         * {@code kafka}: follow the models topic, where the trainer publishes (every instance switches
         * together); {@code directory}: poll {@link #getDir()} for the newest version.
         */
        @Bindable(defaultValue = "kafka") @NotNull Source getSource();

        /** Model directory: the cache of unpacked models, or the source itself with {@code directory}. */
        @Bindable(defaultValue = "var/models") @NotNull Path getDir();

        /** How often the {@code directory} source looks for a new version. */
        @Bindable(defaultValue = "2s") @NotNull Duration getPollInterval();

        /** Model sources. */
        enum Source { KAFKA, DIRECTORY }
    }

    /** What the detector accepts from producers; the README's dead-letter rules list the rest. */
    @ConfigurationProperties("input")
    interface Input {
        /**
         * How far a record's event time may be ahead of its Kafka record timestamp. A record further ahead goes
         * to the dead-letter topic: folded in, it would pin its key's time decay in the future.
         */
        @Bindable(defaultValue = "1h") @NotNull Duration getMaxFutureSkew();
    }

    /** Start-up behaviour. */
    @ConfigurationProperties("startup")
    interface Startup {
        /** How long start-up waits for Kafka at {@code kafka.bootstrap.servers} before it gives up. */
        @Bindable(defaultValue = "5m") @NotNull Duration getBrokerWait();
    }
}
