package io.streamad.detector.embedded;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.SensorReading;
import io.streamad.core.feature.FeatureExtractor;
import io.streamad.core.serde.AvroSerde;
import io.streamad.trainer.train.AutoencoderSpec;
import io.streamad.trainer.train.AutoencoderTrainer;
import io.streamad.trainer.train.TrainedModel;
import io.streamad.trainer.train.TrainingSet;
import io.streamad.trainer.train.TrainingSets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The demo's first model of each family: reads the first stretch of an input topic back from Kafka,
 * featurises it with the detector's own feature code, trains, and writes the model where the detector's
 * model directory watcher picks it up.
 */
final class InitialTraining {

    private static final Logger LOG = LoggerFactory.getLogger(InitialTraining.class);

    private final String bootstrapServers;
    private final Path modelsDir;

    InitialTraining(String bootstrapServers, Path modelsDir) {
        this.bootstrapServers = bootstrapServers;
        this.modelsDir = modelsDir;
    }

    Path trainSensors(String topic, int rows, FeatureExtractor<SensorReading, ?> extractor) {
        List<SensorReading> readings = read(topic, rows, SensorReading.class);
        readings.sort(Comparator.comparing(SensorReading::getEventTime));
        return train(TrainingSets.featurise("sensor", extractor, readings, SensorReading::getSensorId,
                SensorReading::getEventTime, "first " + rows + " records of topic " + topic));
    }

    Path trainTransactions(String topic, int rows, FeatureExtractor<CardTransaction, ?> extractor) {
        List<CardTransaction> txns = read(topic, rows, CardTransaction.class);
        txns.sort(Comparator.comparing(CardTransaction::getEventTime));
        return train(TrainingSets.featurise("transaction", extractor, txns, CardTransaction::getCardId,
                CardTransaction::getEventTime, "first " + rows + " records of topic " + topic));
    }

    private Path train(TrainingSet data) {
        LOG.info("Initial training of the {} model on {} feature rows from {}", data.model(), data.size(), data.source());
        try (TrainedModel model = new AutoencoderTrainer(AutoencoderSpec.DEFAULT).train(data, null)) {
            Path dir = model.writeTo(modelsDir);
            LOG.info("Initial {} model {} written to {}", data.model(), model.manifest().version(), dir);
            return dir;
        }
    }

    /** Reads the first {@code rows} records of every partition of {@code topic}, in total, from the beginning. */
    private <T extends SpecificRecord> List<T> read(String topic, int rows, Class<T> type) {
        AvroSerde<T> serde = AvroSerde.of(type);
        List<T> out = new ArrayList<>(rows);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, "streamad-demo-training"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(PartitionInfo::partition).map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (out.size() < rows && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (out.size() < rows) {
                        out.add(serde.decode(r.value()));
                    }
                }
            }
        }
        if (out.size() < rows) {
            throw new IllegalStateException("only " + out.size() + " of " + rows + " records arrived on " + topic);
        }
        return out;
    }
}
