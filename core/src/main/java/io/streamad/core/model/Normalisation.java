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

    /**
     * Standard deviations below this are raised to it. Every feature is built on a scale of order one
     * (z-scores, logs, flags), so a feature that barely moved in training does not turn a small,
     * harmless change at serving time into a huge normalised value.
     */
    static final float MIN_STD = 0.05f;

    public Normalisation {
        if (!(clip > 0) || !Float.isFinite(clip)) {
            throw new IllegalArgumentException("clip must be positive and finite, was " + clip);
        }
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

    /**
     * Fits mean and standard deviation of each column of {@code rows}. Flags (columns whose every
     * training value is 0 or 1) are kept as they are: standardising a rare flag would turn its 1 into a
     * value so large that the autoencoder learns to copy it through, and a copied flag can no longer
     * reveal the rare combinations it is there to reveal.
     */
    public static Normalisation fit(float[][] rows, float clip) {
        int width = rows[0].length;
        double[] sum = new double[width];
        double[] sumSq = new double[width];
        boolean[] flag = new boolean[width];
        java.util.Arrays.fill(flag, true);
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                sum[j] += row[j];
                sumSq[j] += (double) row[j] * row[j];
                flag[j] &= row[j] == 0f || row[j] == 1f;
            }
        }
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int j = 0; j < width; j++) {
            if (flag[j]) {
                mean[j] = 0;
                std[j] = 1;
                continue;
            }
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
