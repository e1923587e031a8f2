package io.streamad.bench;

import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.embedded.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** The broker the benchmark runs on: the in-process one, or an external cluster named by its bootstrap servers. */
final class BenchCluster implements AutoCloseable {

    private final EmbeddedKafka embedded;
    private final String bootstrapServers;

    private BenchCluster(EmbeddedKafka embedded, String bootstrapServers) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the in-process KRaft broker with its logs under {@code logDir}. */
    static BenchCluster embedded(Path logDir) {
        EmbeddedKafka kafka = new EmbeddedKafka(logDir).start();
        return new BenchCluster(kafka, kafka.bootstrapServers());
    }

    static BenchCluster external(String bootstrapServers) {
        return new BenchCluster(null, bootstrapServers);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** Creates the topics with {@code partitions} partitions; no retention limit, as the preloaded records are old. */
    void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1"))).toList()).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics " + names + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Writes the first {@code records} readings of {@code data} to {@code topic}, keyed by sensor, timestamped with their event time. */
    void preload(String topic, SensorData data, long records) {
        Map<String, Object> config = clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // One request in flight: the topics were created a moment ago, and a first request that reaches the broker
        // before it has applied the new partition fails retriably while the next one is appended; the broker then
        // refuses every retry of the first as out of sequence until it expires (KAFKA-15591, not fixed in 4.1).
        // That failed a preload here after two minutes of retries.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (long n = 0; n < records && failure.get() == null; n++) {
                SensorReading r = data.nth(n);
                producer.send(new ProducerRecord<>(topic, null, r.getEventTime().toEpochMilli(), r.getSensorId(), serde.encode(r)),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preloading " + topic + " failed: " + failure.get().getMessage(), failure.get());
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
