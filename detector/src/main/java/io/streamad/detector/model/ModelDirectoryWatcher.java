package io.streamad.detector.model;

import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ModelRejectedException;
import io.streamad.avro.StreamKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each slot on the newest model in the model directory. At start-up a bad newest model stops the
 * service; later, a bad new model is refused, logged and counted, and the current one keeps scoring.
 */
public final class ModelDirectoryWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelDirectoryWatcher.class);

    private final ModelRegistry registry;
    private final ModelDirectory directory;
    private final ModelMeters meters;
    private final Map<StreamKind, Path> seen = new EnumMap<>(StreamKind.class);

    public ModelDirectoryWatcher(ModelRegistry registry, ModelDirectory directory, ModelMeters meters) {
        this.registry = registry;
        this.directory = directory;
        this.meters = meters;
    }

    /** Loads the newest model of every family; throws {@link ModelRejectedException} if one is bad. */
    public void loadAtStartup() {
        for (StreamKind kind : StreamKind.values()) {
            Optional<Path> newest = directory.newest(registry.schema(kind).kind());
            if (newest.isEmpty()) {
                LOG.info("No {} model in {} yet: {} records are marked WARMING_UP until one arrives",
                        registry.schema(kind).kind(), directory.root(), kind);
                continue;
            }
            seen.put(kind, newest.get());
            install(kind, ModelLoader.load(newest.get(), registry.schema(kind)));
        }
    }

    /** Installs any model newer than the one last seen; refuses bad ones without disturbing scoring. */
    public synchronized void poll() {
        for (StreamKind kind : StreamKind.values()) {
            Optional<Path> newest;
            try {
                newest = directory.newest(registry.schema(kind).kind());
            } catch (RuntimeException e) {
                LOG.warn("Cannot look for {} models: {}", kind, e.toString());
                continue;
            }
            if (newest.isEmpty() || newest.get().equals(seen.get(kind))) {
                continue;
            }
            try {
                install(kind, ModelLoader.load(newest.get(), registry.schema(kind)));
                seen.put(kind, newest.get());
            } catch (ModelRejectedException e) {
                seen.put(kind, newest.get());
                meters.rejected(kind.name(), "model");
                LOG.error("Refused new {} model, {} keeps scoring: {}", kind,
                        registry.slot(kind).manifest().map(m -> m.version()).orElse("no model"), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Could not load {} model {} yet, will try again: {}", kind, newest.get(), e.toString());
            }
        }
    }

    private void install(StreamKind kind, ScoringModel model) {
        String previous = registry.slot(kind).manifest().map(m -> m.version()).orElse("none");
        registry.slot(kind).install(model);
        meters.installed(kind);
        LOG.info("{} model {} now scoring (was {}); trained on {} rows, global threshold {}", kind, model.version(),
                previous, model.manifest().training() == null ? "?" : model.manifest().training().rows(),
                String.format("%.4g", model.manifest().calibration().threshold()));
    }
}
