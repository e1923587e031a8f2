package io.streamad.detector.it;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.CardTransaction;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.topology.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector service against a real (in-process) Kafka broker, with real SavedModels trained by the
 * trainer's code: injected sensor faults and fraud bursts must raise anomaly events, normal data few,
 * and malformed records must land in the dead-letter topic while scoring goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorIT {

    private static final List<String> SENSORS = List.of("pump-1", "pump-2", "pump-3", "pump-4", "pump-5", "pump-6");
    private static final int READINGS = 1400;
    private static final int FAULT_START = 1000;
    private static final int TRAINING_DAYS = 20;
    private static final int LIVE_DAYS = 10;

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness detector;
    private KafkaTestSupport kafka;
    private final AvroSerde<SensorReading> sensorSerde = AvroSerde.of(SensorReading.class);
    private final AvroSerde<CardTransaction> txnSerde = AvroSerde.of(CardTransaction.class);
    private final AvroSerde<ScoredRecord> scoredSerde = AvroSerde.of(ScoredRecord.class);
    private final AvroSerde<AnomalyEvent> anomalySerde = AvroSerde.of(AnomalyEvent.class);

    @BeforeAll
    void start() {
        Path models = work.resolve("detector").resolve("models");
        TestModels.sensorModel(models, SENSORS, 2000, TestModels.SENSORS);
        TestModels.transactionModel(models, cards(), TRAINING_DAYS);
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"),
                DetectorHarness.withTestSensorModel(Map.of()));
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker);
    }

    private static CardSimulator cards() {
        return new CardSimulator(300, TestModels.START, 3, TestModels.START.plus(Duration.ofDays(TRAINING_DAYS)), 21);
    }

    /** Normal readings, with a spike on pump-1, a drift on pump-2 and a stuck pump-3 from reading 1000. */
    private static SensorReading reading(String sensor, int i, Random random) {
        SensorReading normal = TestModels.normalReading(sensor, i, random);
        double value = normal.getMeasurements().get("temp");
        switch (sensor) {
            case "pump-1" -> value += i == FAULT_START ? 12 : 0;
            case "pump-2" -> value += i >= FAULT_START && i < FAULT_START + 200 ? 0.08 * (i - FAULT_START) : 0;
            case "pump-3" -> value = i >= FAULT_START && i < FAULT_START + 60
                    ? TestModels.normalReading(sensor, FAULT_START, new Random(0)).getMeasurements().get("temp") : value;
            default -> { }
        }
        return TestModels.reading(sensor, i, value);
    }

    @Test
    void shouldFlagInjectedSensorFaultsAndFewNormalReadings() {
        Random random = new Random(9);
        for (int i = 0; i < READINGS; i++) {
            for (String sensor : SENSORS) {
                SensorReading r = reading(sensor, i, random);
                kafka.producer().send(new ProducerRecord<>("sensor-readings", sensor.getBytes(StandardCharsets.UTF_8),
                        sensorSerde.encode(r)));
            }
        }
        kafka.producer().flush();

        List<ScoredRecord> scored = kafka.awaitRecords("scores", Duration.ofMinutes(3),
                        records -> sensorScores(records).size() >= READINGS * SENSORS.size())
                .stream().map(r -> scoredSerde.decode(r.value())).filter(s -> s.getKind() == StreamKind.SENSOR).toList();
        List<AnomalyEvent> anomalies = kafka.readAll("anomalies").stream().map(r -> anomalySerde.decode(r.value()))
                .filter(a -> a.getKind() == StreamKind.SENSOR).toList();

        assertThat(scored).hasSize(READINGS * SENSORS.size());
        assertThat(scored.stream().map(s -> s.getSource().getPartition() + "/" + s.getSource().getOffset()).distinct())
                .hasSize(scored.size());
        assertThat(flagged(anomalies, "pump-1", FAULT_START, FAULT_START + 1)).as("spike").isNotEmpty();
        assertThat(flagged(anomalies, "pump-2", FAULT_START, FAULT_START + 200)).as("drift").isNotEmpty();
        assertThat(flagged(anomalies, "pump-3", FAULT_START, FAULT_START + 60)).as("stuck").isNotEmpty();
        long falseAlarms = anomalies.stream().filter(a -> !injected(a)).count();
        System.out.printf("sensor IT: %d scored, %d anomalies, %d outside injected faults%n",
                scored.size(), anomalies.size(), falseAlarms);
        assertThat(falseAlarms).as("anomalies on normal readings").isLessThanOrEqualTo(scored.size() / 200);
    }

    private static List<ScoredRecord> sensorScores(List<ConsumerRecord<byte[], byte[]>> records) {
        AvroSerde<ScoredRecord> serde = AvroSerde.of(ScoredRecord.class);
        return records.stream().map(r -> serde.decode(r.value())).filter(s -> s.getKind() == StreamKind.SENSOR).toList();
    }

    private static List<AnomalyEvent> flagged(List<AnomalyEvent> anomalies, String sensor, int from, int to) {
        Instant start = TestModels.reading(sensor, from, 0).getEventTime();
        Instant end = TestModels.reading(sensor, to + TestModels.SENSORS.window(), 0).getEventTime();
        return anomalies.stream().filter(a -> a.getKey().equals(sensor)
                && !a.getEventTime().isBefore(start) && a.getEventTime().isBefore(end)).toList();
    }

    private static boolean injected(AnomalyEvent a) {
        return switch (a.getKey()) {
            case "pump-1" -> !flagged(List.of(a), "pump-1", FAULT_START, FAULT_START + 1).isEmpty();
            case "pump-2" -> !flagged(List.of(a), "pump-2", FAULT_START, FAULT_START + 200).isEmpty();
            case "pump-3" -> !flagged(List.of(a), "pump-3", FAULT_START, FAULT_START + 60).isEmpty();
            default -> false;
        };
    }

    @Test
    void shouldCatchFraudBurstsWithFewAlertsOnGenuineTransactions() {
        CardSimulator simulator = cards();
        Instant liveFrom = TestModels.START.plus(Duration.ofDays(TRAINING_DAYS));
        Instant end = liveFrom.plus(Duration.ofDays(LIVE_DAYS));
        Map<String, CardSimulator.Labelled> byCardAndTime = new HashMap<>();
        Set<String> liveIncidents = new HashSet<>();
        int sent = 0;
        for (CardSimulator.Labelled next = simulator.next(); next.transaction().getEventTime().isBefore(end);
             next = simulator.next()) {
            CardTransaction t = next.transaction();
            byCardAndTime.put(t.getCardId() + "@" + t.getEventTime().toEpochMilli(), next);
            if (next.fraud() && !t.getEventTime().isBefore(liveFrom)) {
                liveIncidents.add(next.incident());
            }
            kafka.producer().send(new ProducerRecord<>("card-transactions", t.getCardId().getBytes(StandardCharsets.UTF_8),
                    txnSerde.encode(t)));
            sent++;
        }
        kafka.producer().flush();
        int total = sent;

        List<ScoredRecord> scored = kafka.awaitRecords("scores", Duration.ofMinutes(4),
                        records -> records.stream().map(r -> scoredSerde.decode(r.value()))
                                .filter(s -> s.getKind() == StreamKind.TRANSACTION).count() >= total)
                .stream().map(r -> scoredSerde.decode(r.value())).filter(s -> s.getKind() == StreamKind.TRANSACTION).toList();
        List<AnomalyEvent> anomalies = kafka.readAll("anomalies").stream().map(r -> anomalySerde.decode(r.value()))
                .filter(a -> a.getKind() == StreamKind.TRANSACTION).toList();

        Set<String> caught = new HashSet<>();
        long falseAlarms = 0;
        for (AnomalyEvent a : anomalies) {
            CardSimulator.Labelled label = byCardAndTime.get(a.getKey() + "@" + a.getEventTime().toEpochMilli());
            if (a.getEventTime().isBefore(liveFrom)) {
                continue;
            }
            if (label != null && label.fraud()) {
                caught.add(label.incident());
            } else {
                falseAlarms++;
            }
        }
        long genuineLive = scored.stream().filter(s -> !s.getEventTime().isBefore(liveFrom))
                .filter(s -> !byCardAndTime.get(s.getKey() + "@" + s.getEventTime().toEpochMilli()).fraud()).count();
        System.out.printf("fraud IT: %d transactions scored, %d live genuine, %d live incidents, %d caught, %d false alarms%n",
                scored.size(), genuineLive, liveIncidents.size(), caught.size(), falseAlarms);

        assertThat(scored).hasSize(total).noneMatch(s -> s.getVerdict() == Verdict.WARMING_UP);
        assertThat(liveIncidents).hasSizeGreaterThanOrEqualTo(15);
        assertThat(caught).as("fraud incidents with at least one anomaly event")
                .hasSizeGreaterThanOrEqualTo(liveIncidents.size() * 3 / 4);
        assertThat(falseAlarms).as("alerts on genuine transactions").isLessThanOrEqualTo(genuineLive / 200);
    }

    @Test
    void shouldSendMalformedRecordsToTheDeadLetterTopicAndKeepScoring() {
        byte[] good = sensorSerde.encode(TestModels.reading("pump-9", 0, 40));
        kafka.producer().send(new ProducerRecord<>("sensor-readings", "pump-9".getBytes(), new byte[] {9, 9, 9}));
        kafka.producer().send(new ProducerRecord<>("sensor-readings", null, good));
        kafka.producer().send(new ProducerRecord<>("card-transactions", "card-x".getBytes(), "not avro".getBytes()));
        kafka.producer().send(new ProducerRecord<>("sensor-readings", "pump-9".getBytes(), good));
        kafka.producer().flush();

        List<ConsumerRecord<byte[], byte[]>> dead = kafka.awaitRecords("dead-letters", Duration.ofSeconds(60),
                records -> records.size() >= 3);
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).contains("bad header"))
                .anySatisfy(reason -> assertThat(reason).contains("null key"));
        assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.TOPIC))
                .containsOnly("sensor-readings", "card-transactions");
        kafka.awaitRecords("scores", Duration.ofSeconds(60), records -> records.stream()
                .map(r -> scoredSerde.decode(r.value())).anyMatch(s -> s.getKey().equals("pump-9")));
    }

    @Test
    void shouldAnswerHealthAndMetricsOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = detector.uri();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("kafkaStreams");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("kafka_streams_");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("names");
    }
}
