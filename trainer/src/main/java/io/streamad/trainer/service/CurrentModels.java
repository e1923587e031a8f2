package io.streamad.trainer.service;

import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelArtifact;
import io.streamad.core.artifact.ModelCatalog;
import io.streamad.core.artifact.ModelRelease;
import io.streamad.core.artifact.ModelTopicFollower;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ModelRejectedException;
import io.streamad.trainer.model.ScoringModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trainer's view of the models topic: which version each family serves, the kept releases, and
 * the serving model itself, loaded when a candidate must be compared with it or warm-started from it.
 */
final class CurrentModels implements ModelTopicFollower.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentModels.class);

    private final Path cache;
    private final Map<String, FeatureSchema> schemas;
    private final Map<String, CurrentModel> current = new ConcurrentHashMap<>();
    private final Map<String, ScoringModel> loaded = new ConcurrentHashMap<>();
    private ModelTopicFollower follower;

    CurrentModels(Path cache, Map<String, FeatureSchema> schemas) {
        this.cache = cache;
        this.schemas = schemas;
    }

    void attach(ModelTopicFollower follower) {
        this.follower = follower;
    }

    @Override
    public void changed(ModelCatalog catalog, Set<String> families) {
        families.forEach(f -> catalog.current(f).ifPresent(c -> current.put(f, c)));
    }

    @Override
    public void malformed(String key, String reason) {
        // the detector counts these; the trainer only needs the good records
    }

    Optional<CurrentModel> current(String family) {
        return Optional.ofNullable(current.get(family));
    }

    boolean has(String family) {
        return current.containsKey(family);
    }

    /** Kept releases of a family, oldest first. */
    List<ModelRelease> releases(String family) {
        return follower.read(c -> c.releases(family));
    }

    /**
     * The family's serving model, loaded from its artifact, with a reference taken for the caller, who
     * must {@link ScoringModel#release()} it; empty if there is none or it cannot be used.
     */
    synchronized Optional<ScoringModel> serving(String family) {
        CurrentModel c = current.get(family);
        if (c == null) {
            return Optional.empty();
        }
        ScoringModel cached = loaded.get(family);
        if (cached != null && cached.version().equals(c.version()) && cached.retain()) {
            return Optional.of(cached);
        }
        try {
            Path dir = cache.resolve(family).resolve(c.version());
            if (!Files.isDirectory(dir)) {
                Optional<ModelArtifact> artifact = follower.read(catalog -> catalog.release(family, c.version())
                        .flatMap(catalog::artifact));
                if (artifact.isEmpty()) {
                    return Optional.empty();
                }
                Path staging = cache.resolve(family).resolve("." + c.version() + "-" + java.util.UUID.randomUUID());
                artifact.get().unpackTo(staging);
                Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            ScoringModel model = ModelLoader.load(dir, schemas.get(family));
            model.retain();
            ScoringModel previous = loaded.put(family, model);
            if (previous != null) {
                previous.release();
                Files.walk(cache.resolve(family).resolve(previous.version())).sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
            return Optional.of(model);
        } catch (ModelRejectedException | IllegalArgumentException | java.io.IOException e) {
            LOG.warn("Current {} model {} cannot be used to judge or warm-start candidates: {}", family, c.version(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    void close() {
        loaded.values().forEach(ScoringModel::release);
        loaded.clear();
    }
}
