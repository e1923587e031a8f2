package io.streamad.trainer.model;

import io.streamad.core.model.ModelManifest;
import io.streamad.core.model.ReconstructionError;

/** A model that can score rows: a loaded SavedModel, or a candidate fresh from training. */
public interface Autoencoder {

    ModelManifest manifest();

    /** The reconstruction of {@code rows} normalised rows (row-major), same layout. */
    float[] reconstruct(float[] normalised, int rows);

    /** The reconstruction error of raw feature rows, normalised with the model's own manifest. */
    static double[] scores(Autoencoder model, float[][] raw) {
        int width = model.manifest().normalisation().width();
        float[] input = new float[raw.length * width];
        for (int i = 0; i < raw.length; i++) {
            model.manifest().normalisation().apply(raw[i], input, i * width);
        }
        return ReconstructionError.scores(input, raw.length == 0 ? new float[0] : model.reconstruct(input, raw.length),
                raw.length, width);
    }
}
