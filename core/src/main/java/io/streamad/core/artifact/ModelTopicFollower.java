package io.streamad.core.artifact;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the models topic from its beginning (read committed, no consumer group: every follower sees
 * every record), folds it into a {@link ModelCatalog}, and tells a listener which families changed.
 * {@link #catchUp} reads up to the end on the caller's thread; {@link #start} follows on its own.
 */
public final class ModelTopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTopicFollower.class);

    /** Told about changes on the follower's thread, with the catalog lock held. */
    public interface Listener {
        void changed(ModelCatalog catalog, Set<String> families);

        void malformed(String key, String reason);
    }

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Listener listener;
    private final ModelCatalog catalog = new ModelCatalog();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param clientConfig Kafka client settings (bootstrap servers, security); deserialisers and
     *                     isolation are set here
     */
    public ModelTopicFollower(Map<String, Object> clientConfig, String topic, String clientId, Listener listener) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.topic = topic;
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, clientId);
        thread.setDaemon(true);
    }

    /** Reads everything up to the topic's current end, or until {@code timeout}. */
    public void catchUp(Duration timeout) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("models topic '" + topic + "' does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            pollOnce(Duration.ofMillis(200));
        }
    }

    /** Follows new records on a background thread until {@link #close()}. */
    public void start() {
        thread.start();
    }

    /** Runs {@code reader} against the catalog with the lock held. */
    public <T> T read(Function<ModelCatalog, T> reader) {
        synchronized (catalog) {
            return reader.apply(catalog);
        }
    }

    /** Follows until closed; an error is logged and the loop goes on after a pause, so the thread never dies quietly. */
    private void follow() {
        try {
            while (running) {
                try {
                    pollOnce(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warn("Models topic follower woken up while running; going on");
                    }
                } catch (RuntimeException e) {
                    LOG.error("Reading the models topic failed, retrying in 1 s: {}", e.toString(), e);
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollOnce(Duration timeout) {
        Set<String> changed = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            ModelRecords.Entry entry;
            try {
                entry = ModelRecords.parse(record.key(), record.value());
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                listener.malformed(record.key(), e.getMessage());
                continue;
            }
            synchronized (catalog) {
                catalog.apply(entry);
            }
            changed.add(entry.family());
        }
        if (!changed.isEmpty()) {
            synchronized (catalog) {
                try {
                    listener.changed(catalog, changed);
                } catch (RuntimeException e) {
                    LOG.error("Acting on models topic changes for {} failed: {}", changed, e.toString(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
