package io.streamad.detector.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.CardTransaction;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.serde.AvroSerde;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.detector.TestModels;
import io.streamad.detector.model.ModelSlot;
import io.streamad.detector.source.Sources;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** The real topology in a {@link TopologyTestDriver}, with raw-byte inputs and decoded outputs. */
final class TopologyFixture implements AutoCloseable {

    static final TopologySettings.Topics TOPICS =
            new TopologySettings.Topics("sensors", "transactions", "scores", "anomalies", "dead-letters");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DetectorMetrics metrics = new DetectorMetrics(registry);
    final ModelSlot sensorModels = new ModelSlot("sensor");
    final ModelSlot transactionModels = new ModelSlot("transaction");
    final TopologyDriverHandle driver;
    final TestInputTopic<byte[], byte[]> sensors;
    final TestInputTopic<byte[], byte[]> transactions;
    final TestOutputTopic<String, ScoredRecord> scores;
    final TestOutputTopic<String, AnomalyEvent> anomalies;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final AvroSerde<SensorReading> sensorSerde = AvroSerde.of(SensorReading.class);
    final AvroSerde<CardTransaction> transactionSerde = AvroSerde.of(CardTransaction.class);

    TopologyFixture(Path stateDir, int batchRows) {
        this(stateDir, batchRows, ThresholdPolicy.DEFAULT);
    }

    TopologyFixture(Path stateDir, int batchRows, ThresholdPolicy policy) {
        TopologySettings settings = new TopologySettings(TOPICS, TestModels.SENSORS, TransactionFeatureConfig.DEFAULT,
                policy, new TopologySettings.Batching(batchRows, Duration.ofMillis(100)), false,
                TopologySettings.Input.DEFAULT, Sources.NONE);
        StreamsBuilder builder = new StreamsBuilder();
        ScoringTopology.build(builder, settings,
                Map.of(StreamKind.SENSOR, sensorModels, StreamKind.TRANSACTION, transactionModels), metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyDriverHandle(new TopologyTestDriver(builder.build(), props));
        ByteArraySerializer bytes = new ByteArraySerializer();
        sensors = driver.get().createInputTopic(TOPICS.sensors(), bytes, bytes);
        transactions = driver.get().createInputTopic(TOPICS.transactions(), bytes, bytes);
        scores = driver.get().createOutputTopic(TOPICS.scores(), Serdes.String().deserializer(),
                AvroSerde.of(ScoredRecord.class).deserializer());
        anomalies = driver.get().createOutputTopic(TOPICS.anomalies(), Serdes.String().deserializer(),
                AvroSerde.of(AnomalyEvent.class).deserializer());
        deadLetters = driver.get().createOutputTopic(TOPICS.deadLetters(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    void send(SensorReading r) {
        sensors.pipeInput(r.getSensorId().getBytes(), sensorSerde.encode(r));
    }

    void send(CardTransaction t) {
        transactions.pipeInput(t.getCardId().getBytes(), transactionSerde.encode(t));
    }

    /** Lets the batch deadline pass so queued rows are scored. */
    void flush() {
        driver.get().advanceWallClockTime(Duration.ofMillis(150));
    }

    @Override
    public void close() {
        driver.get().close();
        sensorModels.close();
        transactionModels.close();
    }

    /** Holds the driver; a tiny indirection so tests read {@code fixture.driver.get()}. */
    record TopologyDriverHandle(TopologyTestDriver get) {
    }
}
