package io.streamad.detector.model;

import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelRecords;
import io.streamad.core.artifact.ModelRelease;
import io.streamad.core.artifact.ModelTopicFollower;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An operator's view of the models topic and the two actions on it: pin a kept version, or roll back
 * to the one before the current. Both write the family's {@code current} record, which every detector
 * instance follows, so all of them switch.
 */
public final class ModelOperations implements AutoCloseable {

    private final ModelTopicFollower follower;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public ModelOperations(ModelTopicFollower follower, KafkaProducer<String, byte[]> producer, String topic) {
        this.follower = follower;
        this.producer = producer;
        this.topic = topic;
    }

    public Optional<CurrentModel> current(String family) {
        return follower.read(c -> c.current(family));
    }

    /** Kept releases of a family, oldest first. */
    public List<ModelRelease> history(String family) {
        return follower.read(c -> c.releases(family));
    }

    /** Makes {@code version} current for every detector. */
    public CurrentModel pin(String family, String version) {
        if (follower.read(c -> c.release(family, version)).isEmpty()) {
            throw new IllegalArgumentException("no kept " + family + " release " + version);
        }
        return write(new CurrentModel(family, version, "pinned", Instant.now()));
    }

    /** Makes the release before the current one current again. */
    public CurrentModel rollback(String family) {
        String now = current(family).map(CurrentModel::version)
                .orElseThrow(() -> new IllegalArgumentException("no current " + family + " model to roll back from"));
        List<ModelRelease> releases = history(family);
        int at = releases.stream().map(ModelRelease::version).toList().indexOf(now);
        if (at < 1) {
            throw new IllegalArgumentException("no kept " + family + " release before " + now);
        }
        return write(new CurrentModel(family, releases.get(at - 1).version(), "rollback", Instant.now()));
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
