package io.streamad.trainer.model;

import io.streamad.core.model.ModelManifest;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded, checked SavedModel and its manifest. {@link #reconstruct} is thread-safe. Reference
 * counted: the slot holds one reference, every scoring batch another, and the native model is closed
 * when the last one is released, so a swap never closes a model under a running batch.
 */
public final class ScoringModel implements Autoencoder {

    private final SavedModelBundle bundle;
    private final ModelManifest manifest;
    private final String input;
    private final String output;
    private final int width;
    private final AtomicInteger references = new AtomicInteger(1);

    ScoringModel(SavedModelBundle bundle, ModelManifest manifest, String inputTensor, String outputTensor) {
        this.bundle = bundle;
        this.manifest = manifest;
        this.input = inputTensor;
        this.output = outputTensor;
        this.width = manifest.signature().inputWidth();
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.version();
    }

    public int width() {
        return width;
    }

    /**
     * Runs the autoencoder once on a batch.
     *
     * @param normalised {@code rows * width} normalised features, row-major
     * @return the reconstruction, same layout
     */
    @Override
    public float[] reconstruct(float[] normalised, int rows) {
        float[] out = new float[rows * width];
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(rows, width))) {
            x.asRawTensor().data().asFloats().write(normalised, 0, rows * width);
            try (Result result = bundle.session().runner().feed(input, x).fetch(output).run()) {
                TFloat32 y = (TFloat32) result.get(0);
                if (y.size() != out.length) {
                    throw new IllegalStateException(version() + " returned " + y.shape() + " for " + rows + " rows");
                }
                y.asRawTensor().data().asFloats().read(out);
            }
        }
        return out;
    }

    /**
     * The layer weights ({@code layer<i>_W}, {@code layer<i>_b}) of a model trained by our trainer, to
     * warm-start the next training; empty for a model whose graph names them otherwise.
     */
    public java.util.Map<String, float[]> weights() {
        java.util.Map<String, float[]> weights = new java.util.LinkedHashMap<>();
        for (int i = 0; bundle.graph().operation("layer" + i + "_W") != null; i++) {
            for (String name : java.util.List.of("layer" + i + "_W", "layer" + i + "_b")) {
                try (Result r = bundle.session().runner().fetch(name).run()) {
                    TFloat32 t = (TFloat32) r.get(0);
                    float[] values = new float[(int) t.size()];
                    t.asRawTensor().data().asFloats().read(values);
                    weights.put(name, values);
                }
            }
        }
        return weights;
    }

    /** Takes a reference unless the model is already closed; pair it with {@link #release()}. */
    public boolean retain() {
        int n;
        do {
            n = references.get();
            if (n == 0) {
                return false;
            }
        } while (!references.compareAndSet(n, n + 1));
        return true;
    }

    /** Drops a reference; the last one closes the native model. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            bundle.close();
        }
    }

    public boolean isClosed() {
        return references.get() == 0;
    }
}
