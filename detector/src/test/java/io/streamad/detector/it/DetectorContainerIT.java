package io.streamad.detector.it;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector against Apache Kafka in a container, as users run it. Needs Docker; where there is none
 * (this project's CI machine) JUnit skips it and the in-process broker ITs cover the same path.
 */
@Testcontainers(disabledWithoutDocker = true)
class DetectorContainerIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @TempDir
    static Path work;

    @Test
    void shouldScoreReadingsAndFlagASpikeOnAContainerisedBroker() {
        List<String> sensors = List.of("a", "b");
        TestModels.sensorModel(work.resolve("models"), sensors, 1500, TestModels.SENSORS);
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        try (DetectorHarness detector = new DetectorHarness(KAFKA.getBootstrapServers(), work, Map.of(
                "streamad.models.source", "directory",
                "streamad.sensors.measurements", List.of("temp"),
                "streamad.sensors.window", TestModels.SENSORS.window(),
                "streamad.sensors.long-memory", TestModels.SENSORS.longMemory()));
             KafkaTestSupport kafka = new KafkaTestSupport(KAFKA.getBootstrapServers())) {
            Random random = new Random(4);
            for (int i = 0; i < 400; i++) {
                for (String sensor : sensors) {
                    SensorReading r = TestModels.normalReading(sensor, i, random);
                    if (sensor.equals("a") && i == 300) {
                        r = TestModels.reading(sensor, i, r.getMeasurements().get("temp") + 12);
                    }
                    kafka.producer().send(new ProducerRecord<>("sensor-readings", sensor.getBytes(StandardCharsets.UTF_8),
                            serde.encode(r)));
                }
            }
            kafka.producer().flush();

            kafka.awaitRecords("scores", Duration.ofMinutes(2), records -> records.size() >= 800);
            List<AnomalyEvent> anomalies = kafka.readAll("anomalies").stream()
                    .map(r -> AvroSerde.of(AnomalyEvent.class).decode(r.value())).toList();
            assertThat(kafka.readAll("scores")).hasSize(800)
                    .allSatisfy(r -> assertThat(AvroSerde.of(ScoredRecord.class).decode(r.value()).getKey()).isIn(sensors));
            assertThat(anomalies).anySatisfy(a -> {
                assertThat(a.getKey()).isEqualTo("a");
                assertThat(a.getEventTime()).isEqualTo(TestModels.reading("a", 300, 0).getEventTime());
            });
        }
    }
}
