package io.streamad.detector.it;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.topology.DeadLetters;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users' own topics as input, mapped by configuration only: a JSON topic keyed by gateway (the sensor id
 * is a nested field, the time an ISO-8601 text) and a plain-Avro topic described by a schema
 * file are both scored as sensors, a spike in each is detected, and records that do not fit the mapping
 * land in the dead-letter topic with the source's name and the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceTopicIT {

    private static final int READINGS = 400;
    private static final int SPIKE = 300;
    private static final Schema TELEMETRY = new Schema.Parser().parse("""
            {"type":"record","name":"Telemetry","namespace":"com.example.plant","fields":[
              {"name":"machine","type":"string"},
              {"name":"takenAt","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"sensors","type":{"type":"map","values":"double"}}]}""");

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private KafkaTestSupport kafka;
    private DetectorHarness detector;

    @BeforeAll
    void start() throws Exception {
        Path models = work.resolve("detector").resolve("models");
        TestModels.sensorModel(models, List.of("json-1", "json-2", "avro-1", "avro-2"), 1500, TestModels.SENSORS);
        Path schemaFile = work.resolve("telemetry.avsc");
        Files.writeString(schemaFile, TELEMETRY.toString(true));
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("plant-json", 2, (short) 1), new NewTopic("plant-avro", 2, (short) 1)))
                    .all().get();
        }
        Map<String, Object> config = DetectorHarness.withTestSensorModel(Map.of());
        config.putAll(Map.of(
                "streamad.sources.plant-json.topic", "plant-json",
                "streamad.sources.plant-json.format", "json",
                "streamad.sources.plant-json.key-field", "device.id",
                "streamad.sources.plant-json.time-field", "ts",
                "streamad.sources.plant-json.fields.temp", "payload.temperature",
                "streamad.sources.plant-avro.topic", "plant-avro",
                "streamad.sources.plant-avro.format", "avro",
                "streamad.sources.plant-avro.schema-file", schemaFile.toString(),
                "streamad.sources.plant-avro.key-field", "machine",
                "streamad.sources.plant-avro.time-field", "takenAt"));
        config.put("streamad.sources.plant-avro.fields.temp", "sensors.temperature");
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), config);
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker);
    }

    private static double value(String sensor, int i, Random random) {
        double normal = TestModels.normalReading(sensor, i, random).getMeasurements().get("temp");
        return i == SPIKE ? normal + 25 : normal;
    }

    @Test
    void shouldScoreAJsonTopicAndAnAvroTopicMappedByConfigurationAndDeadLetterWhatDoesNotFit() throws IOException {
        // given
        Random random = new Random(5);
        for (int i = 0; i < READINGS; i++) {
            for (String sensor : List.of("json-1", "json-2")) {
                Instant at = TestModels.reading(sensor, i, 0).getEventTime();
                String json = "{\"device\":{\"id\":\"" + sensor + "\",\"site\":\"north\"},\"ts\":\"" + at + "\","
                        + "\"payload\":{\"temperature\":" + value(sensor, i, random) + ",\"unit\":\"C\"}}";
                // keyed by the gateway that forwards the sensor, not by the sensor: the detector re-keys by device.id
                kafka.producer().send(new ProducerRecord<>("plant-json", ("gateway-" + sensor.charAt(5)).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
            }
            for (String sensor : List.of("avro-1", "avro-2")) {
                GenericRecord t = new GenericData.Record(TELEMETRY);
                t.put("machine", sensor);
                t.put("takenAt", TestModels.reading(sensor, i, 0).getEventTime().toEpochMilli());
                t.put("sensors", Map.of("temperature", value(sensor, i, random), "humidity", 40.0));
                kafka.producer().send(new ProducerRecord<>("plant-avro", ("line-" + sensor).getBytes(StandardCharsets.UTF_8), avro(t)));
            }
        }
        // when
        kafka.producer().send(new ProducerRecord<>("plant-json", null, "{\"device\":{\"id\":\"json-1\"},\"ts\":".getBytes()));
        kafka.producer().send(new ProducerRecord<>("plant-json", null,
                "{\"device\":{\"id\":\"json-2\"},\"ts\":\"2026-01-01T00:00:00Z\",\"payload\":{}}".getBytes()));
        kafka.producer().send(new ProducerRecord<>("plant-avro", null, new byte[] {2, 'x'}));
        kafka.producer().flush();

        // then
        AvroSerde<ScoredRecord> scores = AvroSerde.of(ScoredRecord.class);
        List<ScoredRecord> scored = kafka.awaitRecords("scores", Duration.ofMinutes(2), r -> r.size() >= 4 * READINGS)
                .stream().map(r -> scores.decode(r.value())).toList();
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.awaitRecords("dead-letters", Duration.ofSeconds(60), r -> r.size() >= 3);
        List<AnomalyEvent> anomalies = kafka.readAll("anomalies").stream()
                .map(r -> AvroSerde.of(AnomalyEvent.class).decode(r.value())).toList();
        System.out.printf("source topics: %d scored, %d anomalies, %d dead letters%n", scored.size(), anomalies.size(), dead.size());

        assertThat(scored).hasSize(4 * READINGS);
        assertThat(scored.stream().map(s -> s.getKey().toString()).distinct()).containsExactlyInAnyOrder("json-1", "json-2", "avro-1", "avro-2");
        for (String sensor : List.of("json-1", "json-2", "avro-1", "avro-2")) {
            Instant spike = TestModels.reading(sensor, SPIKE, 0).getEventTime();
            assertThat(scored).as("the spike on %s flagged", sensor).anyMatch(s -> s.getKey().toString().equals(sensor)
                    && s.getEventTime().equals(spike) && s.getVerdict() == Verdict.ANOMALY);
        }
        assertThat(dead).hasSize(3).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).startsWith("source plant-json: malformed JSON"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("source plant-json: field 'payload.temperature' is missing"))
                .anySatisfy(reason -> assertThat(reason).startsWith("source plant-avro: malformed Avro"));
        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.TOPIC)).containsOnly("plant-json", "plant-avro");
    }

    private static byte[] avro(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(TELEMETRY).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
