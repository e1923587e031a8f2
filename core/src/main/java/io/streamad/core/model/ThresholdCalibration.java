package io.streamad.core.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the model's reconstruction error is distributed on held-out normal data, and the global
 * threshold derived from it: the fallback for keys too new to have their own threshold, and the
 * reference that carries per-key thresholds across a model change.
 *
 * @param quantileLevel which quantile of the held-out errors sets the global threshold
 * @param threshold     the global threshold
 * @param logMedian     natural log of the median held-out error
 * @param logStd        standard deviation of the log errors
 * @param quantiles     a few quantiles of the held-out errors, by level ("0.5", "0.99", ...)
 * @param rows          how many held-out rows the figures come from
 */
public record ThresholdCalibration(
        double quantileLevel, double threshold, double logMedian, double logStd, Map<String, Double> quantiles, int rows) {

    private static final double[] LEVELS = {0.5, 0.9, 0.95, 0.99, 0.995, 0.999};

    /**
     * Calibrates from held-out normal errors.
     *
     * @param errors        per-row reconstruction errors of normal data
     * @param quantileLevel the quantile that becomes the global threshold, e.g. 0.999
     * @param margin        multiplier on that quantile, &gt;= 1
     */
    public static ThresholdCalibration fit(double[] errors, double quantileLevel, double margin) {
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
        double logSum = 0;
        double logSq = 0;
        for (double e : sorted) {
            double l = Math.log(e + ThresholdMath.EPSILON);
            logSum += l;
            logSq += l * l;
        }
        double logMean = logSum / sorted.length;
        double logStd = Math.sqrt(Math.max(0, logSq / sorted.length - logMean * logMean));
        double threshold = quantile(sorted, quantileLevel) * margin;
        return new ThresholdCalibration(quantileLevel, threshold,
                Math.log(quantile(sorted, 0.5) + ThresholdMath.EPSILON), logStd, quantiles, sorted.length);
    }

    /** Linear interpolation between closest ranks. */
    static double quantile(double[] sorted, double level) {
        double pos = level * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
