package io.streamad.detector.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Plain Kafka clients for tests: a producer of raw bytes and read_committed reads of whole topics. */
public final class KafkaTestSupport implements AutoCloseable {

    private final Map<String, Object> clientConfig;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestSupport(String bootstrapServers) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** @param clientConfig bootstrap servers and security settings, shared by the producer and the readers */
    public KafkaTestSupport(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    /** Every committed record of a topic, from the beginning. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** Waits until {@code condition} holds for the topic's committed records, and returns them. */
    public List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, Duration timeout,
                                                            Predicate<List<ConsumerRecord<byte[], byte[]>>> condition) {
        List<List<ConsumerRecord<byte[], byte[]>>> last = new ArrayList<>();
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
            last.clear();
            last.add(records);
            return condition.test(records);
        });
        return last.get(0);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
