package io.streamad.core.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The anomaly score: the mean squared difference between a normalised feature vector and the
 * autoencoder's reconstruction of it. The one formula used by training, calibration and serving.
 */
public final class ReconstructionError {

    private ReconstructionError() {
    }

    /**
     * Scores row {@code row} of a row-major batch.
     *
     * @param input          normalised inputs, {@code rows * width}
     * @param reconstruction the model's outputs, same layout
     * @param squaredErrors  receives the row's per-feature squared errors ({@code width} entries)
     * @return the row's mean squared error
     */
    public static double score(float[] input, float[] reconstruction, int row, int width, float[] squaredErrors) {
        double sum = 0;
        int base = row * width;
        for (int j = 0; j < width; j++) {
            float d = input[base + j] - reconstruction[base + j];
            float sq = d * d;
            squaredErrors[j] = sq;
            sum += sq;
        }
        return sum / width;
    }

    /** Mean squared error of every row of a row-major batch. */
    public static double[] scores(float[] input, float[] reconstruction, int rows, int width) {
        double[] out = new double[rows];
        float[] scratch = new float[width];
        for (int i = 0; i < rows; i++) {
            out[i] = score(input, reconstruction, i, width, scratch);
        }
        return out;
    }

    /** A feature's part in a row's error. */
    public record Contribution(String feature, int index, double share) {
    }

    /** The {@code limit} features with the largest share of the row's squared error, largest first. */
    public static List<Contribution> topContributors(float[] squaredErrors, List<String> names, int limit) {
        double total = 0;
        for (float e : squaredErrors) {
            total += e;
        }
        List<Contribution> all = new ArrayList<>(squaredErrors.length);
        for (int j = 0; j < squaredErrors.length; j++) {
            all.add(new Contribution(names.get(j), j, total > 0 ? squaredErrors[j] / total : 0));
        }
        all.sort(Comparator.comparingDouble(Contribution::share).reversed());
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }
}
