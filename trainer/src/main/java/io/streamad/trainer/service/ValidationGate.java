package io.streamad.trainer.service;

import io.streamad.trainer.model.Autoencoder;

import java.util.Optional;
import java.util.Random;

/**
 * Decides whether a candidate may replace the current model. On the most recent normal rows, held out
 * from training, the candidate must not raise more false alarms than the current model (within a
 * tolerance, and below an absolute ceiling), and it must still flag synthetic anomalies: held-out rows
 * with one feature pushed six standard deviations away.
 */
final class ValidationGate {

    /** The gate's finding; {@code reason} says why a candidate was rejected, or is null. */
    record Verdict(boolean accepted, String reason, double candidateFalseAlarms, Double currentFalseAlarms,
                   double syntheticRecall, int holdoutRows) {
    }

    private static final double SHIFT = 6.0;
    private static final int SYNTHETIC_ROWS = 500;

    private final double tolerance;
    private final double maxFalseAlarmRate;
    private final double minSyntheticRecall;

    ValidationGate(double tolerance, double maxFalseAlarmRate, double minSyntheticRecall) {
        this.tolerance = tolerance;
        this.maxFalseAlarmRate = maxFalseAlarmRate;
        this.minSyntheticRecall = minSyntheticRecall;
    }

    Verdict judge(Autoencoder candidate, Optional<? extends Autoencoder> current, float[][] holdout, long seed) {
        double candidateRate = flagged(candidate, holdout);
        Double currentRate = current.map(c -> flagged(c, holdout)).orElse(null);
        double recall = syntheticRecall(candidate, holdout, new Random(seed));
        String reason = null;
        if (candidateRate > maxFalseAlarmRate) {
            reason = String.format("%.2f%% false alarms on recent normal data, above the %.2f%% ceiling",
                    100 * candidateRate, 100 * maxFalseAlarmRate);
        } else if (currentRate != null && candidateRate > Math.max(currentRate * tolerance, currentRate + 0.002)) {
            reason = String.format("worse than the current model on recent normal data: %.2f%% false alarms against %.2f%%",
                    100 * candidateRate, 100 * currentRate);
        } else if (recall < minSyntheticRecall) {
            reason = String.format("flags only %.0f%% of synthetic anomalies, needs %.0f%%", 100 * recall, 100 * minSyntheticRecall);
        }
        return new Verdict(reason == null, reason, candidateRate, currentRate, recall, holdout.length);
    }

    /** Share of rows whose score passes the model's own global threshold. */
    static double flagged(Autoencoder model, float[][] rows) {
        if (rows.length == 0) {
            return 0;
        }
        double threshold = model.manifest().calibration().threshold();
        int alarms = 0;
        for (double score : Autoencoder.scores(model, rows)) {
            alarms += score > threshold ? 1 : 0;
        }
        return (double) alarms / rows.length;
    }

    private static double syntheticRecall(Autoencoder model, float[][] holdout, Random random) {
        if (holdout.length == 0) {
            return 0;
        }
        float[] std = model.manifest().normalisation().std();
        int n = Math.min(SYNTHETIC_ROWS, holdout.length);
        float[][] shifted = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] row = holdout[random.nextInt(holdout.length)].clone();
            int j = random.nextInt(row.length);
            row[j] += (float) ((random.nextBoolean() ? 1 : -1) * SHIFT * std[j]);
            shifted[i] = row;
        }
        return flagged(model, shifted); // here every row is an anomaly: the share flagged is the recall
    }
}
