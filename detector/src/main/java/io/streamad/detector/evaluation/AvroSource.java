package io.streamad.detector.evaluation;

import io.streamad.core.serde.AvroSerde;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where Avro records of a contract type come from: an Avro data file, or a topic read from its beginning to its
 * current end (single-object encoding, as the detector reads it), with the client settings a secured cluster needs.
 * A picocli mixin of the {@code avro} and {@code transactions} subcommands.
 */
final class AvroSource {

    @Option(names = "--file", description = "An Avro data file of the records.")
    Path file;

    @Option(names = "--topic", description = "A topic of the records (Avro single-object encoding, as the detector reads).")
    String topic;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Brokers for --topic (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--consumer-config", description = "A Kafka client properties file for --topic (security.protocol, "
            + "sasl.*, ssl.*, ...), as kafka-console-consumer's --consumer.config; its settings win over --bootstrap-servers.")
    Path consumerConfig;

    @Option(names = "--consumer-property", description = "A Kafka client setting for --topic, key=value; repeatable, "
            + "and wins over --consumer-config.")
    Map<String, String> consumerProperties = new LinkedHashMap<>();

    /** Every record of the file or the topic, in the order read; a record that is not a {@code type} stops the read. */
    <T extends SpecificRecord> List<T> read(Class<T> type) throws IOException {
        if ((file == null) == (topic == null)) {
            throw new IllegalArgumentException("give exactly one of --file and --topic");
        }
        List<T> records = file != null ? fromFile(file, type) : fromTopic(topic, clientConfig(), type);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(describe() + ": no records");
        }
        return records;
    }

    /** The file or topic, for messages and the report. */
    String describe() {
        return file != null ? file.toString() : "topic " + topic;
    }

    /** The consumer's settings: ours, then the properties file's, then each --consumer-property. */
    Map<String, Object> clientConfig() throws IOException {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "streamad-evaluate"));
        if (consumerConfig != null) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(consumerConfig)) {
                properties.load(in);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(consumerConfig + ": no such file (--consumer-config)", e);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        }
        config.putAll(consumerProperties);
        return config;
    }

    private static <T extends SpecificRecord> List<T> fromFile(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        AvroSerde.trustContract();
        String name = type.getSimpleName();
        List<T> records = new ArrayList<>();
        try (DataFileReader<T> in = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
            long n = 0;
            while (in.hasNext()) {
                n++;
                try {
                    records.add(in.next());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": record " + n + " is not a " + name + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not an Avro data file of " + name + " records: " + e.getMessage(), e);
        }
        return records;
    }

    private static <T extends SpecificRecord> List<T> fromTopic(String topic, Map<String, Object> config, Class<T> type) {
        AvroSerde<T> serde = AvroSerde.of(type);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    try {
                        records.add(serde.decode(record.value()));
                    } catch (SerializationException e) {
                        throw new IllegalArgumentException(record.topic() + "-" + record.partition() + "@" + record.offset()
                                + ": not a " + type.getSimpleName() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return records;
    }
}
