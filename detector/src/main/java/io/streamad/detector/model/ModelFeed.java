package io.streamad.detector.model;

import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ModelRejectedException;
import io.streamad.avro.StreamKind;
import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelArtifact;
import io.streamad.core.artifact.ModelCatalog;
import io.streamad.core.artifact.ModelRelease;
import io.streamad.core.artifact.ModelTopicFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Serves whatever the models topic says is current: when a family's current version changes (the
 * trainer published one, or an operator pinned or rolled back), unpacks its artifact into the local
 * model cache, checks it like any model, and installs it; the slot swaps between batches. A version
 * whose checksum, manifest, signature or width is wrong is refused, logged and counted, and the
 * serving model keeps scoring.
 */
public final class ModelFeed implements ModelTopicFollower.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFeed.class);

    private final ModelRegistry registry;
    private final Path cache;
    private final ModelMeters meters;
    private final Set<String> refused = new HashSet<>();

    public ModelFeed(ModelRegistry registry, Path cache, ModelMeters meters) {
        this.registry = registry;
        this.cache = cache;
        this.meters = meters;
    }

    @Override
    public void changed(ModelCatalog catalog, Set<String> families) {
        families.forEach(family -> catalog.current(family).ifPresent(current -> serve(catalog, current)));
    }

    @Override
    public void malformed(String key, String reason) {
        meters.rejected("unknown", "malformed");
    }

    private void serve(ModelCatalog catalog, CurrentModel current) {
        Optional<StreamKind> kind = registry.kind(current.family());
        if (kind.isEmpty()) {
            LOG.warn("Models topic names family '{}', which this detector does not score", current.family());
            return;
        }
        String id = current.family() + "/" + current.version();
        String serving = registry.slot(kind.get()).manifest().map(m -> m.version()).orElse(null);
        if (current.version().equals(serving) || refused.contains(id)) {
            return;
        }
        Optional<ModelRelease> release = catalog.release(current.family(), current.version());
        if (release.isEmpty()) {
            refuse(kind.get(), id, "missing", "the models topic names it current but holds no such release");
            return;
        }
        Optional<ModelArtifact> artifact;
        try {
            artifact = catalog.artifact(release.get());
        } catch (IllegalArgumentException e) {
            refuse(kind.get(), id, "checksum", e.getMessage());
            return;
        }
        if (artifact.isEmpty()) {
            return; // chunks still on their way
        }
        if (!ModelArtifact.sha256(artifact.get().bytes()).equals(release.get().sha256())) {
            refuse(kind.get(), id, "checksum", "artifact bytes do not match their sha256 " + release.get().sha256());
            return;
        }
        try {
            Path dir = unpack(current, artifact.get());
            ScoringModel model = ModelLoader.load(dir, registry.schema(kind.get()));
            registry.slot(kind.get()).install(model);
            meters.installed(kind.get());
            LOG.info("{} model {} now scoring (was {}; {}), trained on {} rows", kind.get(), model.version(),
                    serving == null ? "none" : serving, current.reason(), model.manifest().training().rows());
            prune(catalog, current.family(), model.version());
        } catch (IllegalArgumentException e) {
            refuse(kind.get(), id, "artifact", e.getMessage());
        } catch (ModelRejectedException e) {
            refuse(kind.get(), id, "model", e.reason());
        } catch (UncheckedIOException e) {
            // the disk, not the model: not refused, tried again with the next record on the models topic
            LOG.warn("Could not unpack {} model {} yet: {}", kind.get(), id, e.getMessage());
        }
    }

    /** Unpacks into the cache (beside the final name, then moved), unless another process already did. */
    private Path unpack(CurrentModel current, ModelArtifact artifact) {
        Path dir = cache.resolve(current.family()).resolve(current.version());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path staging = cache.resolve(current.family()).resolve("." + current.version() + "-" + UUID.randomUUID());
        try {
            artifact.unpackTo(staging);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(staging);
            if (!Files.isDirectory(dir)) {
                throw new UncheckedIOException("cannot move model into " + dir, e);
            }
        } catch (IllegalArgumentException e) {
            delete(staging);
            throw e;
        }
        return dir;
    }

    /** Removes cached versions the models topic no longer keeps (the serving one always stays). */
    private void prune(ModelCatalog catalog, String family, String serving) {
        Set<String> kept = new HashSet<>();
        catalog.releases(family).forEach(r -> kept.add(r.version()));
        kept.add(serving);
        try (var versions = Files.list(cache.resolve(family))) {
            versions.filter(p -> !p.getFileName().toString().startsWith(".") && !kept.contains(p.getFileName().toString()))
                    .forEach(ModelFeed::delete);
        } catch (IOException e) {
            LOG.debug("Cannot list model cache {}: {}", cache.resolve(family), e.toString());
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", dir, e.toString());
        }
    }

    private void refuse(StreamKind kind, String id, String reason, String detail) {
        refused.add(id);
        meters.rejected(kind.name(), reason);
        LOG.error("Refused {} model {}, {} keeps scoring: {}", kind, id,
                registry.slot(kind).manifest().map(m -> m.version()).orElse("no model"), detail);
    }
}
