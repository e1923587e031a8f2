package io.streamad.trainer.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The trainer service, {@code streamad.trainer.*}. */
@ConfigurationProperties("streamad.trainer")
public interface TrainerConfig {

    /** Runs the trainer in this process (its own main sets it; so does the embedded default). */
    @Bindable(defaultValue = "false") boolean isEnabled();

    /** Scores topic to learn from and models topic to publish to. */
    @Bindable(defaultValue = "scores") @NotBlank String getScoresTopic();

    @Bindable(defaultValue = "models") @NotBlank String getModelsTopic();

    /**
     * Anomalies confirmed after the fact ({@code AnomalyLabel}: a chargeback, a traced failure): their keys' rows in the
     * labelled span are taken out of the sample. Created with one partition if missing.
     */
    @Bindable(defaultValue = "anomaly-labels") @NotBlank String getLabelsTopic();

    /** Where candidate models are written before they are packed, and current ones unpacked. */
    @Bindable(defaultValue = "var/trainer") @NotNull Path getWorkDir();

    @NotNull @Valid Sample getSample();

    @NotNull @Valid Retrain getRetrain();

    @NotNull @Valid Gate getGate();

    @NotNull @Valid Publish getPublish();

    /** The recent normal data each family learns from. */
    @ConfigurationProperties("sample")
    interface Sample {
        /** Most rows kept per family; memory stays flat at about rows x features x 4 bytes. */
        @Bindable(defaultValue = "50000") @Min(100) int getMaxRows();

        /** Rows older than this (event time, behind the newest row) are not trained on. */
        @Bindable(defaultValue = "7d") @NotNull Duration getMaxAge();

        /**
         * Normal rows this close (event time) to an anomaly of the same key are left out. Short by default: every
         * row the guard drops is normal data the model never learns, and a burst of false alarms on a noisy key would
         * starve its sample (NAB: 68.3 at 1m, 65.8 at 1h, docs/evaluation.md).
         */
        @Bindable(defaultValue = "1m") @NotNull Duration getAnomalyGuard();

        /**
         * Per-family overrides of anomaly-guard. Without one, card transactions keep an hour
         * ({@code NormalSample.FAMILY_GUARDS}): a card's other purchases around a flagged one may belong to the same fraud.
         */
        @Nullable Map<String, Duration> getAnomalyGuardByFamily();

        /** Keys whose last anomaly time is remembered for the guard. */
        @Bindable(defaultValue = "100000") @Min(1) int getMaxKeys();
    }

    /** When to train. */
    @ConfigurationProperties("retrain")
    interface Retrain {
        /** A family with no model yet is first trained once this many rows with features have arrived. */
        @Bindable(defaultValue = "2000") @Min(200) int getBootstrapRows();

        /** Per-family overrides of bootstrap-rows, e.g. {@code transaction: 50000}. */
        @Nullable Map<String, Integer> getBootstrapRowsByFamily();

        /** Retrain on this schedule when at least min-new-rows normal rows arrived since the last training. */
        @Bindable(defaultValue = "10m") @NotNull Duration getInterval();

        @Bindable(defaultValue = "2000") @Min(1) int getMinNewRows();

        /** Retrain at once, schedule or not, after this many new normal rows. */
        @Bindable(defaultValue = "50000") @Min(1) int getMaxNewRows();

        /** The most recent fraction of the sample is held out for the validation gate. */
        @Bindable(defaultValue = "0.1") @DecimalMin("0.01") @DecimalMax("0.5") double getHoldoutFraction();

        /** Start from the current model's weights when the architecture is the same. */
        @Bindable(defaultValue = "true") boolean isWarmStart();

        @Bindable(defaultValue = "100") @Min(1) int getMaxEpochs();

        /**
         * Seeds the weights' initialisation and the order of the training rows: the same rows and seed train the
         * same model. Another seed trains another, equally valid one; compare settings over several seeds.
         */
        @Bindable(defaultValue = "42") long getSeed();

        /** How often the trainer checks whether a family is due. */
        @Bindable(defaultValue = "5s") @NotNull Duration getCheckInterval();
    }

    /** What a candidate must show before it is published. */
    @ConfigurationProperties("gate")
    interface Gate {
        /** Candidate false alarms on recent normal data may be at most this multiple of the current model's. */
        @Bindable(defaultValue = "1.5") @DecimalMin("1.0") double getTolerance();

        /** ...and never above this rate (the global threshold's rate: per-key thresholds are tighter in service). */
        @Bindable(defaultValue = "0.05") @DecimalMin("0.0") @DecimalMax("1.0") double getMaxFalseAlarmRate();

        /**
         * How well it must separate synthetic anomalies (held-out rows with one feature pushed six deviations
         * out) from normal rows: the area under the ROC curve, 0.5 being chance.
         */
        @Bindable(defaultValue = "0.9") @DecimalMin("0.0") @DecimalMax("1.0") double getMinSyntheticSeparation();
    }

    /** How models go onto the models topic. */
    @ConfigurationProperties("publish")
    interface Publish {
        /** Artifacts are cut into records of at most this many bytes. */
        @Bindable(defaultValue = "524288") @Min(1024) @jakarta.validation.constraints.Max(1048576) int getChunkSize();

        /** Versions kept per family, for rollback; older ones are removed (tombstoned). */
        @Bindable(defaultValue = "5") @Min(2) int getKeepVersions();

        /** Transactional id of the publisher; one active trainer per id (a second one fences the first). */
        @Bindable(defaultValue = "streamad-trainer") @NotBlank String getTransactionalId();
    }
}
