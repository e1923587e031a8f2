package io.streamad.core.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the model's reconstruction error is distributed on held-out normal data, and the global
 * threshold derived from it: the fallback for keys too new to have their own threshold, and the
 * reference that carries per-key thresholds across a model change.
 *
 * <p>The global threshold is a high empirical quantile of the held-out errors. The log median and
 * a robust spread (from the median absolute deviation) describe the bulk of the distribution; a new
 * model's log median is what per-key thresholds are rebased on when models change.
 *
 * @param quantileLevel which quantile of the held-out errors is the global threshold
 * @param threshold the global threshold
 * @param logMedian natural log of the median held-out error
 * @param logStd    robust standard deviation of the log errors (1.4826 times their median absolute deviation)
 * @param quantiles a few empirical quantiles of the held-out errors, by level ("0.5", "0.99", ...), for operators
 * @param rows      how many held-out rows the figures come from
 */
public record ThresholdCalibration(
        double quantileLevel, double threshold, double logMedian, double logStd, Map<String, Double> quantiles, int rows) {

    private static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99, 0.995, 0.999};
    /** Scales a median absolute deviation to a standard deviation under normality. */
    private static final double MAD_TO_STD = 1.4826;

    /**
     * Whether the global threshold can judge errors: a positive, finite number. A threshold of 0 comes from held-out
     * rows reconstructed exactly (a stretch of constant data); every later error would pass it.
     */
    public boolean hasUsableThreshold() {
        return threshold > 0 && !Double.isInfinite(threshold);
    }

    /**
     * Calibrates from held-out normal errors.
     *
     * @param errors        per-row reconstruction errors of held-out rows
     * @param quantileLevel the quantile that becomes the global threshold, e.g. 0.999
     */
    public static ThresholdCalibration fit(double[] errors, double quantileLevel) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("no held-out rows to calibrate on");
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (double level : LEVELS) {
            quantiles.put(Double.toString(level), quantile(sorted, level));
        }
        quantiles.put("1.0", sorted[sorted.length - 1]);
        double[] logs = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            logs[i] = Math.log(sorted[i] + ThresholdMath.EPSILON);
        }
        double logMedian = quantile(logs, 0.5);
        double[] deviations = new double[logs.length];
        for (int i = 0; i < logs.length; i++) {
            deviations[i] = Math.abs(logs[i] - logMedian);
        }
        Arrays.sort(deviations);
        double logStd = MAD_TO_STD * quantile(deviations, 0.5);
        return new ThresholdCalibration(quantileLevel, quantile(sorted, quantileLevel), logMedian, logStd, quantiles,
                sorted.length);
    }

    /** Linear interpolation between closest ranks of a sorted array. */
    static double quantile(double[] sorted, double level) {
        double pos = level * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
