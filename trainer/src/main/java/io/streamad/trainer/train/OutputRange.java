package io.streamad.trainer.train;

/**
 * Per-feature bounds of the reconstruction: the range each normalised feature spanned in training.
 *
 * @param low  per-feature minimum
 * @param high per-feature maximum
 */
record OutputRange(float[] low, float[] high) {

    /** The minimum and maximum of each column of a row-major matrix. */
    static OutputRange of(float[] rows, int width) {
        float[] low = new float[width];
        float[] high = new float[width];
        java.util.Arrays.fill(low, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(high, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < rows.length; i++) {
            int j = i % width;
            low[j] = Math.min(low[j], rows[i]);
            high[j] = Math.max(high[j], rows[i]);
        }
        return new OutputRange(low, high);
    }

    float[] span() {
        float[] span = new float[low.length];
        for (int j = 0; j < span.length; j++) {
            span[j] = high[j] - low[j];
        }
        return span;
    }
}
