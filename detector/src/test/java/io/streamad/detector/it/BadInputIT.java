package io.streamad.detector.it;

import io.streamad.avro.ScoredRecord;
import io.streamad.avro.StreamKind;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.BadInput;
import io.streamad.detector.InputFuzzer;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.topology.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector service against a real broker, fed the bad-input corpus, two thousand fuzzed records and
 * good records: every input offset comes out exactly once, in the scores (by source) or the dead-letter
 * topic (by origin headers), and the service is still running and scoring afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private static final String SENSORS = "sensor-readings";
    private static final String TRANSACTIONS = "card-transactions";
    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness detector;
    private KafkaTestSupport kafka;
    private final AvroSerde<ScoredRecord> scoredSerde = AvroSerde.of(ScoredRecord.class);

    @BeforeAll
    void start() {
        TestModels.sensorModel(work.resolve("detector").resolve("models"), List.of(BadInput.SENSOR), 600, TestModels.SENSORS);
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"),
                DetectorHarness.withTestSensorModel(Map.of()));
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker);
    }

    /** What was sent at one input offset: the corpus case, or a fuzzed or good record. */
    private record Sent(String origin, String name, String reason, boolean good) {
    }

    @Test
    void shouldScoreOrDeadLetterEveryInputOnceAndKeepRunning() throws Exception {
        // given
        System.out.printf("BadInputIT fuzz seed %d (rerun with -Dfuzz.seed=%d)%n", SEED, SEED);
        Instant now = Instant.now();
        Random random = new Random(SEED);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<Sent> pending = new ArrayList<>();
        int goodReadings = 0;
        for (BadInput.Case c : BadInput.corpus(now)) {
            send(StreamKind.SENSOR, BadInput.SENSOR.getBytes(), BadInput.encode(BadInput.goodReading(goodReadings++, random)),
                    now, futures);
            pending.add(new Sent(null, "good reading", null, true));
            send(c.kind(), c.key(), c.value(), Instant.ofEpochMilli(c.timestamp()), futures);
            pending.add(new Sent(null, c.name(), c.reason(), false));
        }
        for (InputFuzzer.Input in : new InputFuzzer(SEED).inputs(2000, now)) {
            send(in.kind(), in.key(), in.value(), in.timestamp(), futures);
            pending.add(new Sent(null, in.good() ? "good" : "fuzzed", null, in.good()));
        }

        // when
        kafka.producer().flush();
        Map<String, Sent> sent = new HashMap<>();
        for (int i = 0; i < futures.size(); i++) {
            RecordMetadata m = futures.get(i).get();
            Sent s = pending.get(i);
            String origin = m.topic() + "-" + m.partition() + "@" + m.offset();
            sent.put(origin, new Sent(origin, s.name(), s.reason(), s.good()));
        }
        Outcome outcome = awaitOutcome(sent.keySet());

        // then
        Set<String> lost = sent.keySet().stream().filter(o -> outcome.count(o) == 0).collect(Collectors.toSet());
        Set<String> doubled = sent.keySet().stream().filter(o -> outcome.count(o) > 1).collect(Collectors.toSet());
        System.out.printf("BadInputIT: %d in, %d scored, %d dead-lettered, %d lost, %d doubled%n", sent.size(),
                outcome.scored().size(), outcome.dead().size(), lost.size(), doubled.size());
        assertThat(lost).as("inputs with no output").isEmpty();
        assertThat(doubled).as("inputs with more than one output").isEmpty();
        sent.values().forEach(s -> {
            if (s.good()) {
                assertThat(outcome.scored()).as(s.name() + " at " + s.origin()).containsKey(s.origin());
            } else if (s.reason() != null) {
                assertThat(outcome.dead().get(s.origin())).as(s.name()).contains(s.reason());
            } else if (!s.name().equals("fuzzed")) {
                assertThat(outcome.scored()).as(s.name() + " (scored by rule)").containsKey(s.origin());
            }
        });
        assertThat(detector.context().getBean(KafkaStreams.class).state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertStillScoring(now, goodReadings);
    }

    private void send(StreamKind kind, byte[] key, byte[] value, Instant timestamp, List<Future<RecordMetadata>> futures) {
        futures.add(kafka.producer().send(new ProducerRecord<>(kind == StreamKind.SENSOR ? SENSORS : TRANSACTIONS, null,
                timestamp.toEpochMilli(), key, value)));
    }

    /** Scores by source and dead-letter reasons by origin, read_committed. */
    private record Outcome(Map<String, Long> scored, Map<String, String> dead, Map<String, Long> deadCount) {
        long count(String origin) {
            return scored.getOrDefault(origin, 0L) + deadCount.getOrDefault(origin, 0L);
        }
    }

    private Outcome awaitOutcome(Set<String> inputs) {
        Outcome[] last = new Outcome[1];
        kafka.awaitRecords("dead-letters", Duration.ofMinutes(3), dead -> {
            List<ConsumerRecord<byte[], byte[]>> scores = kafka.readAll("scores");
            last[0] = outcome(scores, dead);
            return inputs.stream().allMatch(o -> last[0].count(o) > 0);
        });
        return last[0];
    }

    private Outcome outcome(List<ConsumerRecord<byte[], byte[]>> scores, List<ConsumerRecord<byte[], byte[]>> dead) {
        Map<String, Long> scored = scores.stream().map(r -> scoredSerde.decode(r.value()).getSource())
                .collect(Collectors.groupingBy(s -> s.getTopic() + "-" + s.getPartition() + "@" + s.getOffset(),
                        Collectors.counting()));
        Function<ConsumerRecord<byte[], byte[]>, String> origin = r -> DeadLetters.header(r.headers(), DeadLetters.TOPIC)
                + "-" + DeadLetters.header(r.headers(), DeadLetters.PARTITION) + "@" + DeadLetters.header(r.headers(), DeadLetters.OFFSET);
        Map<String, String> reasons = dead.stream().collect(Collectors.toMap(origin,
                r -> DeadLetters.header(r.headers(), DeadLetters.REASON), (a, b) -> a));
        Map<String, Long> deadCount = dead.stream().collect(Collectors.groupingBy(origin, Collectors.counting()));
        return new Outcome(scored, reasons, deadCount);
    }

    private void assertStillScoring(Instant now, int nextReading) throws ExecutionException, InterruptedException {
        RecordMetadata last = kafka.producer().send(new ProducerRecord<>(SENSORS, null, now.toEpochMilli(),
                BadInput.SENSOR.getBytes(), BadInput.encode(BadInput.goodReading(nextReading, new Random(1))))).get();
        kafka.awaitRecords("scores", Duration.ofSeconds(60), records -> records.stream()
                .map(r -> scoredSerde.decode(r.value()).getSource())
                .anyMatch(s -> s.getPartition() == last.partition() && s.getOffset() == last.offset()
                        && s.getTopic().equals(SENSORS)));
    }
}
