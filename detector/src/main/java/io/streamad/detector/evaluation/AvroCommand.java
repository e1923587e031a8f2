package io.streamad.detector.evaluation;

import io.streamad.avro.SensorReading;
import io.streamad.core.evaluation.NabScorer;
import io.streamad.core.serde.AvroSerde;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code evaluate avro}: sensor readings as Avro, from an Avro data file or read from a topic (from
 * its beginning to its current end), one series per sensor, with labelled windows per sensor in NAB's
 * JSON form ({@code {"<sensor id>": [[start, end], ...]}}).
 */
@Command(name = "avro", mixinStandardHelpOptions = true,
        description = "SensorReading records from an Avro data file (--file) or a Kafka topic (--topic), windows from --labels.")
final class AvroCommand extends DatasetCommand {

    @Option(names = "--file", description = "An Avro data file of SensorReading records.")
    Path file;

    @Option(names = "--topic", description = "A topic of SensorReading records (Avro single-object encoding, as the detector reads).")
    String topic;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Brokers for --topic (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--consumer-config", description = "A Kafka client properties file for --topic (security.protocol, "
            + "sasl.*, ssl.*, ...), as kafka-console-consumer's --consumer.config; its settings win over --bootstrap-servers.")
    Path consumerConfig;

    @Option(names = "--consumer-property", description = "A Kafka client setting for --topic, key=value; repeatable, "
            + "and wins over --consumer-config.")
    Map<String, String> consumerProperties = new LinkedHashMap<>();

    @Option(names = "--labels", description = "Labelled windows per sensor id: {\"<sensor>\": [[start, end], ...]}.")
    Path labels;

    @Override
    String dataset() {
        return "avro";
    }

    @Override
    List<Series> load() throws IOException {
        if ((file == null) == (topic == null)) {
            throw new IllegalArgumentException("give exactly one of --file and --topic");
        }
        List<SensorReading> readings = file != null ? fromFile(file) : fromTopic(topic, clientConfig());
        Map<String, List<NabScorer.Window>> windows = labels == null ? Map.of() : NabCorpus.windows(labels);
        Map<String, List<SensorReading>> bySensor = new TreeMap<>();
        readings.forEach(r -> bySensor.computeIfAbsent(r.getSensorId(), k -> new ArrayList<>()).add(r));
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<SensorReading>> e : bySensor.entrySet()) {
            List<SensorReading> rows = e.getValue();
            rows.sort(Comparator.comparing(SensorReading::getEventTime));
            List<String> measurements = rows.get(0).getMeasurements().keySet().stream().sorted().toList();
            for (SensorReading r : rows) {
                if (!r.getMeasurements().keySet().equals(Set.copyOf(measurements))) {
                    throw new IllegalArgumentException(e.getKey() + ": a reading at " + r.getEventTime() + " has measurements "
                            + r.getMeasurements().keySet() + ", the first had " + measurements);
                }
            }
            List<NabScorer.Window> w = windows.get(e.getKey());
            if (w == null && labels != null) {
                throw new IllegalArgumentException(labels + " has no windows for sensor '" + e.getKey() + "' (give [] for none)");
            }
            series.add(w == null ? new Series(e.getKey(), measurements, List.of(), rows, null, null)
                    : withWindows(e.getKey(), measurements, rows, w));
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException((file != null ? file.toString() : "topic " + topic) + ": no readings");
        }
        return series;
    }

    private static Series withWindows(String name, List<String> measurements, List<SensorReading> rows,
                                      List<NabScorer.Window> windows) {
        Series nab = Series.nab(name, rows, windows);
        return new Series(name, measurements, List.of(), rows, nab.labels(), windows);
    }

    private static List<SensorReading> fromFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        AvroSerde.trustContract();
        List<SensorReading> readings = new ArrayList<>();
        try (DataFileReader<SensorReading> in = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(SensorReading.class))) {
            long n = 0;
            while (in.hasNext()) {
                n++;
                try {
                    readings.add(in.next());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": record " + n + " is not a SensorReading: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not an Avro data file of SensorReading records: " + e.getMessage(), e);
        }
        return readings;
    }

    /** The consumer's settings: ours, then the properties file's, then each --consumer-property. */
    Map<String, Object> clientConfig() throws IOException {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "streamad-evaluate"));
        if (consumerConfig != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(consumerConfig)) {
                file.load(in);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(consumerConfig + ": no such file (--consumer-config)", e);
            }
            file.stringPropertyNames().forEach(key -> config.put(key, file.getProperty(key)));
        }
        config.putAll(consumerProperties);
        return config;
    }

    private static List<SensorReading> fromTopic(String topic, Map<String, Object> config) {
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        List<SensorReading> readings = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    try {
                        readings.add(serde.decode(record.value()));
                    } catch (SerializationException e) {
                        throw new IllegalArgumentException(record.topic() + "-" + record.partition() + "@" + record.offset()
                                + ": not a SensorReading: " + e.getMessage(), e);
                    }
                }
            }
        }
        return readings;
    }
}
