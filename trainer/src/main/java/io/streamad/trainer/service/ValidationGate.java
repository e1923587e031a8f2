package io.streamad.trainer.service;

import io.streamad.trainer.model.Autoencoder;

import java.util.Optional;
import java.util.Random;

/**
 * Decides whether a candidate may replace the current model. On the most recent normal rows, held out
 * from training, the candidate must not raise more false alarms than the current model (within a
 * tolerance, and no more than three rows' worth above it, so that one unlucky row in a small hold-out
 * does not decide; and below an absolute ceiling), and it must still separate synthetic anomalies (held-out
 * rows with one feature pushed six standard deviations away) from the normal rows: the chance that a
 * synthetic anomaly scores above a normal row (the area under the ROC curve) must reach a minimum.
 *
 * <p>The false-alarm ceiling only guards a model that is serving. A first model is judged on its
 * separation alone: the most recent rows are held out, and a series that drifted while its first sample
 * filled makes any first model flag many of them against its global threshold, which only the first few
 * scores of each key are compared with before the key's own threshold takes over. Refusing it would leave
 * the stream without any detection until the drift settled.
 *
 * <p>Before all that, a candidate whose calibrated global threshold is not a positive number is refused: it
 * reconstructed its held-out rows exactly (a stretch of constant data), every later error would be an anomaly,
 * and a key whose every record is anomalous yields no normal rows to retrain on (NAB's
 * ec2_disk_write_bytes_1ef3de: a first model trained on zeros flagged 4,269 of 4,730 readings and was never
 * replaced).
 */
public final class ValidationGate {

    /** The gate's finding; {@code reason} says why a candidate was rejected, or is null. */
    public record Verdict(boolean accepted, String reason, double candidateFalseAlarms, Double currentFalseAlarms,
                   double syntheticSeparation, int holdoutRows) {
    }

    private static final double SHIFT = 6.0;
    private static final int SYNTHETIC_ROWS = 500;
    /** A synthetic anomaly disturbs one feature in this many. */
    static final int FEATURES_PER_SHIFT = 24;

    private final double tolerance;
    private final double maxFalseAlarmRate;
    private final double minSeparation;

    ValidationGate(double tolerance, double maxFalseAlarmRate, double minSeparation) {
        this.tolerance = tolerance;
        this.maxFalseAlarmRate = maxFalseAlarmRate;
        this.minSeparation = minSeparation;
    }

    Verdict judge(Autoencoder candidate, Optional<? extends Autoencoder> current, float[][] holdout, long seed) {
        double[] normal = Autoencoder.scores(candidate, holdout);
        double candidateRate = flagged(candidate, normal);
        Double currentRate = current.map(c -> flagged(c, Autoencoder.scores(c, holdout))).orElse(null);
        double separation = separation(normal, Autoencoder.scores(candidate, synthetic(candidate, holdout, new Random(seed))));
        String reason = null;
        if (!candidate.manifest().calibration().hasUsableThreshold()) {
            reason = "calibrated a global threshold of " + candidate.manifest().calibration().threshold()
                    + ": its held-out rows reconstruct exactly, so every later error would be an anomaly";
        } else if (currentRate != null && candidateRate > maxFalseAlarmRate) {
            reason = String.format("%.2f%% false alarms on recent normal data, above the %.2f%% ceiling",
                    100 * candidateRate, 100 * maxFalseAlarmRate);
        } else if (currentRate != null && candidateRate > Math.max(currentRate * tolerance, currentRate + 3.0 / holdout.length)) {
            reason = String.format("worse than the current model on recent normal data: %.2f%% false alarms against %.2f%%",
                    100 * candidateRate, 100 * currentRate);
        } else if (separation < minSeparation) {
            reason = String.format("separates synthetic anomalies from normal rows too weakly: AUC %.3f, needs %.3f",
                    separation, minSeparation);
        }
        return new Verdict(reason == null, reason, candidateRate, currentRate, separation, holdout.length);
    }

    /** Share of scores above the model's own global threshold. */
    static double flagged(Autoencoder model, double[] scores) {
        if (scores.length == 0) {
            return 0;
        }
        double threshold = model.manifest().calibration().threshold();
        int alarms = 0;
        for (double score : scores) {
            alarms += score > threshold || !Double.isFinite(score) ? 1 : 0;
        }
        return (double) alarms / scores.length;
    }

    /**
     * Held-out rows, each with random features pushed {@link #SHIFT} standard deviations up or down: one
     * feature in {@link #FEATURES_PER_SHIFT}, at least one. The score is a mean over the features, so one
     * disturbed feature among hundreds (a sensor with many measurements) moves it by next to nothing; a
     * disturbance of a fixed share of the row asks every model width the same.
     */
    static float[][] synthetic(Autoencoder model, float[][] holdout, Random random) {
        float[] std = model.manifest().normalisation().std();
        int n = Math.min(SYNTHETIC_ROWS, holdout.length);
        float[][] shifted = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] row = holdout[random.nextInt(holdout.length)].clone();
            int disturbed = Math.max(1, row.length / FEATURES_PER_SHIFT);
            for (int d = 0; d < disturbed; d++) {
                int j = random.nextInt(row.length);
                row[j] += (float) ((random.nextBoolean() ? 1 : -1) * SHIFT * std[j]);
            }
            shifted[i] = row;
        }
        return shifted;
    }

    /** The chance that an anomalous score exceeds a normal one (ties count half): the ROC curve's area. */
    static double separation(double[] normal, double[] anomalous) {
        if (normal.length == 0 || anomalous.length == 0) {
            return 0;
        }
        double[] sorted = normal.clone();
        java.util.Arrays.sort(sorted);
        double sum = 0;
        for (double a : anomalous) {
            int below = lowerBound(sorted, a);
            int notAbove = upperBound(sorted, a);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / ((double) anomalous.length * sorted.length);
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
