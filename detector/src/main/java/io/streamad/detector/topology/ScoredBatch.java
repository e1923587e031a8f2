package io.streamad.detector.topology;

import io.streamad.core.model.ReconstructionError;
import io.streamad.trainer.model.ScoringModel;

import java.util.List;

/**
 * One model run over the scorable rows of a batch: their normalised inputs, reconstructions and
 * scores. A row is scorable when its key's window was warm and its features were computed with the
 * feature schema the model was trained on (a row queued before a configuration change is not); other
 * rows have no position in the batch.
 */
final class ScoredBatch {

    private final int width;
    private final int[] position;
    private final float[] input;
    private final float[] reconstruction;
    private final double[] scores;

    private ScoredBatch(int width, int[] position, float[] input, float[] reconstruction, double[] scores) {
        this.width = width;
        this.position = position;
        this.input = input;
        this.reconstruction = reconstruction;
        this.scores = scores;
    }

    /** Normalises the scorable rows with the model's manifest and runs the model once on all of them. */
    static ScoredBatch score(ScoringModel model, List<PendingRow> rows) {
        int width = model.width();
        String schema = model.manifest().features().id();
        int[] position = new int[rows.size()];
        int warm = 0;
        for (int i = 0; i < rows.size(); i++) {
            PendingRow row = rows.get(i);
            position[i] = row.warm() && row.schema().equals(schema) ? warm++ : -1;
        }
        float[] input = new float[warm * width];
        for (int i = 0; i < rows.size(); i++) {
            if (position[i] >= 0) {
                model.manifest().normalisation().apply(rows.get(i).features(), input, position[i] * width);
            }
        }
        float[] output = warm == 0 ? new float[0] : model.reconstruct(input, warm);
        return new ScoredBatch(width, position, input, output, ReconstructionError.scores(input, output, warm, width));
    }

    int warmRows() {
        return scores.length;
    }

    boolean hasScore(int row) {
        return position[row] >= 0;
    }

    double score(int row) {
        return scores[position[row]];
    }

    /** The row's per-feature squared errors, for attribution. */
    float[] squaredErrors(int row) {
        float[] out = new float[width];
        ReconstructionError.score(input, reconstruction, position[row], width, out);
        return out;
    }
}
