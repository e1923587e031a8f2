package io.streamad.trainer.train;

import java.util.Random;

/** Synthetic training rows for tests: six correlated features spanning a plane, plus a little noise. */
public final class TestRows {

    private TestRows() {
    }

    /** {@code n} rows around {@code level}: learnable through a bottleneck, since two factors explain six features. */
    public static float[][] lowRank(int n, double level, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][6];
        for (float[] row : rows) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double[] v = {a, b, a + b, a - b, 2 * a, -b};
            for (int j = 0; j < 6; j++) {
                row[j] = (float) (level + v[j] + 0.05 * r.nextGaussian());
            }
        }
        return rows;
    }
}
