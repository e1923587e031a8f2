package io.streamad.detector.model;

import io.streamad.core.artifact.ModelTopicFollower;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the serving models come from, started before the topology: the models topic (every instance
 * follows it and switches together) or a directory polled for new versions.
 */
public sealed interface ModelSource extends AutoCloseable permits ModelSource.Topic, ModelSource.Directory {

    /** The operator's pin and rollback, where the source supports them. */
    Optional<ModelOperations> operations();

    @Override
    void close();

    /**
     * Reads the models topic to its end, installs the current models, then follows it.
     *
     * @param clientConfig Kafka client settings (bootstrap servers, security)
     */
    static Topic topic(Map<String, Object> clientConfig, String topic, ModelRegistry registry, Path cache,
                       ModelMeters meters) {
        ModelTopicFollower follower = new ModelTopicFollower(clientConfig, topic, "streamad-detector-models",
                new ModelFeed(registry, cache, meters));
        follower.catchUp(Duration.ofSeconds(30));
        follower.start();
        Map<String, Object> producerConfig = new java.util.HashMap<>(clientConfig);
        producerConfig.put("enable.idempotence", true);
        producerConfig.put("acks", "all");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        return new Topic(follower, new ModelOperations(follower, producer, topic, registry));
    }

    /** Loads the newest model of each family now (a bad one stops start-up), then polls for newer ones. */
    static Directory directory(ModelRegistry registry, Path dir, Duration interval, ModelMeters meters) {
        ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(registry, new ModelDirectory(dir), meters);
        watcher.loadAtStartup();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamad-model-directory");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new Directory(poller);
    }

    /** The models topic. */
    record Topic(ModelTopicFollower follower, ModelOperations ops) implements ModelSource {
        @Override
        public Optional<ModelOperations> operations() {
            return Optional.of(ops);
        }

        @Override
        public void close() {
            follower.close();
            ops.close();
        }
    }

    /** A model directory. */
    record Directory(ScheduledExecutorService poller) implements ModelSource {
        @Override
        public Optional<ModelOperations> operations() {
            return Optional.empty();
        }

        @Override
        public void close() {
            poller.shutdownNow();
        }
    }
}
