package io.streamad.core.model;

import io.streamad.core.feature.FeatureSchema;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a detector must know to use a SavedModel, written by the trainer next to it as
 * {@code manifest.json}.
 *
 * @param formatVersion  manifest format, {@link #FORMAT_VERSION}
 * @param model          the model family: {@code sensor} or {@code transaction}
 * @param version        unique, sortable version id, e.g. {@code sensor-20261126T081500Z-3fa2c1}
 * @param createdAt      when the trainer wrote it
 * @param features       the feature layout the model expects, in input order
 * @param signature      how to call the SavedModel
 * @param normalisation  per-feature standardisation applied before the model
 * @param calibration    the reconstruction-error distribution on held-out normal data
 * @param training       what the model was trained on and how the training went
 */
public record ModelManifest(
        int formatVersion,
        String model,
        String version,
        Instant createdAt,
        FeatureSchema features,
        Signature signature,
        Normalisation normalisation,
        ThresholdCalibration calibration,
        Training training) {

    public static final int FORMAT_VERSION = 1;

    public ModelManifest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(normalisation, "normalisation");
        Objects.requireNonNull(calibration, "calibration");
    }

    /**
     * The SavedModel's serving signature.
     *
     * @param key        signature key, normally {@code serving_default}
     * @param input      input name in the signature: normalised features, float32 [batch, inputWidth]
     * @param output     output name in the signature: the reconstruction, float32 [batch, inputWidth]
     * @param inputWidth number of features
     */
    public record Signature(String key, String input, String output, int inputWidth) {
        public static Signature standard(int inputWidth) {
            return new Signature("serving_default", "features", "reconstruction", inputWidth);
        }
    }

    /**
     * Training facts, for operators and for reproducibility.
     *
     * @param rows           rows used (train + validation)
     * @param validationRows rows held out for early stopping and calibration
     * @param epochs         epochs run
     * @param bestEpoch      epoch whose weights were kept
     * @param validationLoss validation mean squared error of the kept weights
     * @param windowStart    event time of the first training row
     * @param windowEnd      event time of the last training row
     * @param dataSha256     digest of the training matrix, to tell two data sets apart
     * @param layers         layer widths, input to output
     * @param durationMillis wall-clock training time
     * @param source         where the rows came from
     */
    public record Training(
            int rows,
            int validationRows,
            int epochs,
            int bestEpoch,
            double validationLoss,
            Instant windowStart,
            Instant windowEnd,
            String dataSha256,
            List<Integer> layers,
            long durationMillis,
            String source) {
    }
}
