package io.streamad.trainer.train;

import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import io.streamad.trainer.model.Autoencoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** A trained model not yet published: its manifest and the graph holding its weights. Close it. */
public final class TrainedModel implements Autoencoder, AutoCloseable {

    private final ModelManifest manifest;
    private final AutoencoderGraph graph;

    TrainedModel(ModelManifest manifest, AutoencoderGraph graph) {
        this.manifest = manifest;
        this.graph = graph;
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public float[] reconstruct(float[] normalised, int rows) {
        return graph.reconstruct(normalised, rows);
    }

    /** The layer weights by variable name, to warm-start the next training. */
    public Map<String, float[]> weights() {
        return graph.weights();
    }

    /**
     * Writes the SavedModel and {@code manifest.json} to {@code root/<model>/<version>}. The directory
     * appears at once, complete: it is written beside its final name and moved into place, so a
     * detector watching {@code root} never sees half a model.
     */
    public Path writeTo(Path root) {
        Path parent = root.resolve(manifest.model());
        Path target = parent.resolve(manifest.version());
        Path staging = parent.resolve("." + manifest.version() + ".tmp");
        try {
            Files.createDirectories(parent);
            graph.export(staging.toString());
            ManifestCodec.write(staging, manifest);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw new UncheckedIOException("cannot write " + manifest.version() + " to " + parent,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // what is left is a dot-directory, which model directories ignore
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
