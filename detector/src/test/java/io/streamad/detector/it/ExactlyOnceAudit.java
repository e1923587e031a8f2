package io.streamad.detector.it;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.SourceOffset;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.topology.ReferenceRun;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads what a run left in Kafka (read_committed) and accounts for every input record: scored once,
 * lost (no scored record) or doubled (more than one); the same for anomaly events. With a reference
 * run it also checks that each score is the one an uninterrupted run gives, so per-key state that was
 * lost, cold-started or updated twice cannot hide behind a correct count.
 */
final class ExactlyOnceAudit {

    private final int in;
    private final List<ScoredRecord> scores;
    private final List<AnomalyEvent> anomalies;
    private final int deadLetters;
    private final Set<String> inputs;

    private ExactlyOnceAudit(Set<String> inputs, List<ScoredRecord> scores, List<AnomalyEvent> anomalies, int deadLetters) {
        this.in = inputs.size();
        this.inputs = inputs;
        this.scores = scores;
        this.anomalies = anomalies;
        this.deadLetters = deadLetters;
    }

    /** Reads the input topic and the outputs as they are now. */
    static ExactlyOnceAudit read(KafkaTestSupport kafka, String inputTopic) {
        Set<String> inputs = kafka.readAll(inputTopic).stream()
                .map(r -> id(r.topic(), r.partition(), r.offset())).collect(Collectors.toSet());
        AvroSerde<ScoredRecord> scored = AvroSerde.of(ScoredRecord.class);
        AvroSerde<AnomalyEvent> anomaly = AvroSerde.of(AnomalyEvent.class);
        List<ScoredRecord> scores = kafka.readAll("scores").stream().map(r -> scored.decode(r.value())).toList();
        List<AnomalyEvent> anomalies = kafka.readAll("anomalies").stream().map(r -> anomaly.decode(r.value())).toList();
        return new ExactlyOnceAudit(inputs, scores, anomalies, kafka.readAll("dead-letters").size());
    }

    /** Whether the scores topic holds at least {@code expected} committed records yet. */
    static boolean caughtUp(KafkaTestSupport kafka, int expected) {
        List<ConsumerRecord<byte[], byte[]>> scores = kafka.readAll("scores");
        return scores.size() >= expected;
    }

    /**
     * Waits until the scores topic holds at least {@code expected} committed records and then no new one
     * arrives for 3 s, so that late duplicates are counted too.
     */
    static void awaitSettled(KafkaTestSupport kafka, int expected) {
        await("all records scored").atMost(Duration.ofMinutes(4)).until(() -> caughtUp(kafka, expected));
        AtomicInteger last = new AtomicInteger(-1);
        await("no more scored records").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> last.getAndSet(kafka.readAll("scores").size()) == last.get());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .until(() -> kafka.readAll("scores").size() == last.get());
    }

    private static String id(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static String id(SourceOffset s) {
        return id(s.getTopic().toString(), s.getPartition(), s.getOffset());
    }

    int in() {
        return in;
    }

    int scored() {
        return scores.size();
    }

    List<ScoredRecord> scores() {
        return scores;
    }

    List<AnomalyEvent> anomalies() {
        return anomalies;
    }

    int deadLetters() {
        return deadLetters;
    }

    /** Input records with no scored record. */
    long lost() {
        Set<String> seen = scores.stream().map(s -> id(s.getSource())).collect(Collectors.toSet());
        return inputs.stream().filter(i -> !seen.contains(i)).count();
    }

    /** Scored records beyond the first for an input record. */
    long doubled() {
        return scores.size() - scores.stream().map(s -> id(s.getSource())).distinct().count();
    }

    /** Anomaly events beyond the first for an input record. */
    long doubledAnomalies() {
        return anomalies.size() - anomalies.stream().map(a -> id(a.getSource())).distinct().count();
    }

    /** Anomaly events raised by this input reading (by key and event time). */
    long anomaliesAt(SensorReading reading) {
        return anomalies.stream().filter(a -> a.getKey().toString().equals(reading.getSensorId())
                && a.getEventTime().equals(reading.getEventTime())).count();
    }

    /** Scores that differ from the reference run's for the same reading (relative tolerance 1e-4). */
    List<String> scoreMismatches(ReferenceRun.Outputs reference) {
        Map<String, ScoredRecord> expected = reference.scores().stream()
                .collect(Collectors.toMap(ExactlyOnceAudit::reading, Function.identity()));
        return scores.stream().filter(s -> {
            ScoredRecord e = expected.get(reading(s));
            return e == null || e.getVerdict() != s.getVerdict()
                    || !close(e.getScore(), s.getScore()) || !close(e.getThreshold(), s.getThreshold());
        }).map(s -> reading(s) + " scored " + s.getScore() + "/" + s.getThreshold() + " " + s.getVerdict()
                + ", reference " + describe(expected.get(reading(s)))).toList();
    }

    /** Anomaly events (key@eventTime) only this run raised, and those only the reference raised. */
    Map<String, Set<String>> anomalyDifferences(ReferenceRun.Outputs reference) {
        Set<String> ours = anomalies.stream().map(a -> a.getKey() + "@" + a.getEventTime()).collect(Collectors.toSet());
        Set<String> theirs = reference.anomalies().stream().map(a -> a.getKey() + "@" + a.getEventTime())
                .collect(Collectors.toSet());
        Set<String> onlyOurs = new HashSet<>(ours);
        onlyOurs.removeAll(theirs);
        Set<String> onlyTheirs = new HashSet<>(theirs);
        onlyTheirs.removeAll(ours);
        Map<String, Set<String>> out = new HashMap<>();
        out.put("only this run", onlyOurs);
        out.put("only the reference", onlyTheirs);
        return out;
    }

    private static String reading(ScoredRecord s) {
        return s.getKey() + "@" + s.getEventTime();
    }

    private static String describe(ScoredRecord s) {
        return s == null ? "none" : s.getScore() + "/" + s.getThreshold() + " " + s.getVerdict();
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;
    }

    /** Every input record has exactly one scored record, and no anomaly event was raised twice. */
    void assertExactlyOnce() {
        assertThat(lost()).as("input records with no scored record").isZero();
        assertThat(doubled()).as("input records scored more than once").isZero();
        assertThat(doubledAnomalies()).as("anomaly events raised twice").isZero();
    }

    /**
     * Exactly once, every record of {@code stream} in, one anomaly event per injected spike, and every score,
     * threshold, verdict and anomaly event as the uninterrupted run gave them.
     */
    void assertAsUninterrupted(SensorStream stream, ReferenceRun.Outputs reference) {
        assertThat(in).isEqualTo(stream.size());
        assertExactlyOnce();
        for (SensorReading spike : stream.spikes()) {
            assertThat(anomaliesAt(spike)).as("anomaly events for the spike on %s", spike.getSensorId()).isEqualTo(1);
        }
        assertThat(scoreMismatches(reference)).as("scores unlike the uninterrupted run's").isEmpty();
        assertThat(anomalyDifferences(reference)).allSatisfy((k, v) -> assertThat(v).as(k).isEmpty());
    }

    /** One line with the counts, for the test output and the closing note. */
    String summary(String scenario) {
        return String.format("%s: in %d, scored %d, anomalies %d, dead letters %d, lost %d, doubled %d, doubled anomalies %d",
                scenario, in, scores.size(), anomalies.size(), deadLetters, lost(), doubled(), doubledAnomalies());
    }
}
