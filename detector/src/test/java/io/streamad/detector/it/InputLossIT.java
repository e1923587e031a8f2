package io.streamad.detector.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.topology.InputLossReporter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readings deleted from the input topic before the detector read them (retention, or a deleteRecords, outran it
 * while it was down) are lost whatever the detector does, and Kafka Streams goes on from the log start with one INFO
 * line. The detector must say so: a WARN naming the partition and the offsets, and the count in
 * {@code streamad.input.skipped}.
 */
class InputLossIT {

    private static final String SENSORS = "sensor-readings";
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    @TempDir
    Path work;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger reporterLog = (Logger) LoggerFactory.getLogger(InputLossReporter.class);
    private final AvroSerde<SensorReading> readings = AvroSerde.of(SensorReading.class);
    private final AvroSerde<ScoredRecord> scores = AvroSerde.of(ScoredRecord.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        reporterLog.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        reporterLog.detachAppender(logs);
    }

    @Test
    void shouldCountAndNameTheReadingsDeletedBeforeTheDetectorReadThem() throws Exception {
        // one input partition and one application id across both runs, so the second run starts where the first stopped
        Map<String, Object> settings = Map.of("kafka.streams.default.application.id", "input-loss",
                "streamad.topics.partitions", 1);
        try (EmbeddedKafka broker = DetectorHarness.broker(work.resolve("kafka"));
             KafkaTestSupport kafka = new KafkaTestSupport(broker.bootstrapServers());
             Admin admin = Admin.create(broker.clientConfig())) {
            // given: ten readings scored, then the detector stopped
            try (DetectorHarness detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), settings)) {
                send(kafka, 0, 10);
                kafka.awaitRecords("scores", Duration.ofMinutes(1), r -> r.size() >= 10);
            }
            // when: twenty more arrive while it is down, and the first fifteen of them are deleted unread
            send(kafka, 10, 20);
            admin.deleteRecords(Map.of(new TopicPartition(SENSORS, 0), RecordsToDelete.beforeOffset(25))).all()
                    .get(30, TimeUnit.SECONDS);
            try (DetectorHarness detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), settings)) {
                List<ConsumerRecord<byte[], byte[]>> scored = kafka.awaitRecords("scores", Duration.ofMinutes(1), r -> r.size() >= 15);

                // then: the last five are scored, and the fifteen lost are counted and named
                assertThat(scored).hasSize(15);
                assertThat(scores.decode(scored.get(14).value()).getSource().getOffset()).isEqualTo(29);
                assertThat(detector.context().getBean(MeterRegistry.class)
                        .counter("streamad.input.skipped", "topic", SENSORS).count()).isEqualTo(15);
                assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).isEqualTo("Input " + SENSORS
                        + "-0: records 10 to 24 were deleted before the detector read them (15 records: the topic's "
                        + "retention or a deleteRecords outran the detector); going on from offset 25"));
            }
        }
    }

    private void send(KafkaTestSupport kafka, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            Instant time = START.plusSeconds(60L * i);
            SensorReading reading = SensorReading.newBuilder().setSensorId("pump-1").setEventTime(time)
                    .setMeasurements(Map.of("value", 20.0 + i % 3)).build();
            kafka.producer().send(new ProducerRecord<>(SENSORS, null, time.toEpochMilli(),
                    "pump-1".getBytes(StandardCharsets.UTF_8), readings.encode(reading))).get();
        }
    }
}
