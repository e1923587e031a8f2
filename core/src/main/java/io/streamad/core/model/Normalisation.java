package io.streamad.core.model;

import java.util.Arrays;

/**
 * Per-feature standardisation: {@code (x - mean) / std}, clipped to {@code [-clip, clip]} so one
 * absurd value cannot dominate a batch. Computed by the trainer on its training rows.
 *
 * @param mean per-feature mean
 * @param std  per-feature standard deviation (already floored, never zero)
 * @param clip absolute bound on a normalised value
 */
public record Normalisation(float[] mean, float[] std, float clip) {

    /** Standard deviations below this are raised to it: a feature constant in training still normalises. */
    static final float MIN_STD = 1e-3f;

    public Normalisation {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " entries, std " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("std entries must be positive and finite: " + Arrays.toString(std));
            }
        }
    }

    public int width() {
        return mean.length;
    }

    /** Fits mean and standard deviation of each column of {@code rows}. */
    public static Normalisation fit(float[][] rows, float clip) {
        int width = rows[0].length;
        double[] sum = new double[width];
        double[] sumSq = new double[width];
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                sum[j] += row[j];
                sumSq[j] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int j = 0; j < width; j++) {
            double m = sum[j] / rows.length;
            double var = Math.max(0, sumSq[j] / rows.length - m * m);
            mean[j] = (float) m;
            std[j] = (float) Math.max(MIN_STD, Math.sqrt(var));
        }
        return new Normalisation(mean, std, clip);
    }

    /** Writes the normalised {@code raw} into {@code out} starting at {@code offset}. */
    public void apply(float[] raw, float[] out, int offset) {
        if (raw.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + raw.length);
        }
        for (int j = 0; j < raw.length; j++) {
            float z = (raw[j] - mean[j]) / std[j];
            out[offset + j] = Math.max(-clip, Math.min(clip, z));
        }
    }

    public float[] apply(float[] raw) {
        float[] out = new float[raw.length];
        apply(raw, out, 0);
        return out;
    }
}
