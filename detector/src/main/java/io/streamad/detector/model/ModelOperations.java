package io.streamad.detector.model;

import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelArtifact;
import io.streamad.core.artifact.ModelRecords;
import io.streamad.core.artifact.ModelRelease;
import io.streamad.core.artifact.ModelTopicFollower;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An operator's view of the models topic and the actions on it: pin a kept version, roll back to the
 * one before the current, or resume automatic updates. Each writes the family's {@code current} record,
 * which every detector instance follows, so all of them switch. While a family is pinned or rolled back
 * the trainer still publishes new versions but does not make them current.
 */
public final class ModelOperations implements AutoCloseable {

    private final ModelTopicFollower follower;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ModelRegistry registry;

    public ModelOperations(ModelTopicFollower follower, KafkaProducer<String, byte[]> producer, String topic,
                           ModelRegistry registry) {
        this.follower = follower;
        this.producer = producer;
        this.topic = topic;
        this.registry = registry;
    }

    public Optional<CurrentModel> current(String family) {
        return follower.read(c -> c.current(family));
    }

    /** Kept releases of a family, oldest first. */
    public List<ModelRelease> history(String family) {
        return follower.read(c -> c.releases(family));
    }

    /** Makes {@code version} current for every detector, if this detector could serve it. */
    public CurrentModel pin(String family, String version) {
        ModelRelease release = follower.read(c -> c.release(family, version))
                .orElseThrow(() -> new IllegalArgumentException("no kept " + family + " release " + version));
        servable(release).ifPresent(problem -> {
            throw new IllegalArgumentException(version + " cannot be served: " + problem);
        });
        return write(new CurrentModel(family, version, "pinned", Instant.now()));
    }

    /** Makes the newest servable release before the current one current again. */
    public CurrentModel rollback(String family) {
        String now = current(family).map(CurrentModel::version)
                .orElseThrow(() -> new IllegalArgumentException("no current " + family + " model to roll back from"));
        List<ModelRelease> releases = history(family);
        int at = releases.stream().map(ModelRelease::version).toList().indexOf(now);
        for (int i = at - 1; i >= 0; i--) {
            if (servable(releases.get(i)).isEmpty()) {
                return write(new CurrentModel(family, releases.get(i).version(), "rollback", Instant.now()));
            }
        }
        throw new IllegalArgumentException("no servable kept " + family + " release before " + now);
    }

    /** Why this detector could not serve a release (other features, missing or corrupt bytes), or empty. */
    private Optional<String> servable(ModelRelease release) {
        try {
            ModelManifest manifest = ManifestCodec.fromJson(release.manifest());
            String expected = registry.kind(release.family()).map(registry::schema).map(s -> s.id()).orElse(null);
            if (!manifest.features().id().equals(expected)) {
                return Optional.of("its feature schema " + manifest.features().id() + " is not this detector's " + expected);
            }
            Optional<ModelArtifact> artifact = follower.read(c -> c.artifact(release));
            if (artifact.isEmpty()) {
                return Optional.of("its chunks are incomplete");
            }
            if (!ModelArtifact.sha256(artifact.get().bytes()).equals(release.sha256())) {
                return Optional.of("its bytes do not match their checksum");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Makes the newest servable kept release current again and lets the trainer's new versions through. */
    public CurrentModel resume(String family) {
        List<ModelRelease> releases = history(family);
        if (releases.isEmpty()) {
            throw new IllegalArgumentException("no kept " + family + " release");
        }
        for (int i = releases.size() - 1; i >= 0; i--) {
            if (servable(releases.get(i)).isEmpty()) {
                return write(new CurrentModel(family, releases.get(i).version(), "trained", Instant.now()));
            }
        }
        throw new IllegalArgumentException("no servable kept " + family + " release");
    }

    private CurrentModel write(CurrentModel current) {
        try {
            producer.send(ModelRecords.point(topic, current)).get(30, TimeUnit.SECONDS);
            return current;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to the models topic: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the models topic", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
