package io.streamad.detector.topology;

import io.streamad.avro.ScoredRecord;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.detector.BadInput;
import io.streamad.detector.TestModels;
import io.streamad.trainer.model.ModelLoader;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Each case of the bad-input corpus gets its documented rule, and the good records around it are scored. */
class BadInputTest {

    @TempDir
    static Path models;
    static Path sensorModel;

    @TempDir
    Path state;
    private TopologyFixture fixture;

    @BeforeAll
    static void train() {
        sensorModel = TestModels.sensorModel(models, List.of(BadInput.SENSOR), 600, TestModels.SENSORS);
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldDeadLetterEachBadRecordWithItsReasonAndScoreEverythingElseOnce() {
        // given
        fixture = new TopologyFixture(state, 16);
        fixture.sensorModels.install(ModelLoader.load(sensorModel, new SensorFeatureExtractor(TestModels.SENSORS).schema()));
        Instant now = Instant.now();
        Random random = new Random(5);
        Map<String, BadInput.Case> byOrigin = new HashMap<>();
        Map<String, String> goodByOrigin = new HashMap<>();
        int goodReadings = 0;
        int goodTransactions = 0;
        long[] next = new long[2];

        // when: every case between two good records of the same kind, then a run of good readings
        for (BadInput.Case c : BadInput.corpus(now)) {
            int k = c.kind().ordinal();
            if (c.kind() == StreamKind.SENSOR) {
                fixture.sensors.pipeInput(BadInput.SENSOR.getBytes(), BadInput.encode(BadInput.goodReading(goodReadings++, random)), now);
            } else {
                fixture.transactions.pipeInput(BadInput.CARD.getBytes(), BadInput.encode(BadInput.goodTransaction(goodTransactions++)), now);
            }
            goodByOrigin.put(origin(c.kind(), next[k]++), "good");
            input(c.kind()).pipeInput(new TestRecord<>(c.key(), c.value(), now));
            byOrigin.put(origin(c.kind(), next[k]++), c);
        }
        for (int i = 0; i < 60; i++) {
            fixture.sensors.pipeInput(BadInput.SENSOR.getBytes(), BadInput.encode(BadInput.goodReading(goodReadings++, random)), now);
            goodByOrigin.put(origin(StreamKind.SENSOR, next[StreamKind.SENSOR.ordinal()]++), "good");
        }
        fixture.flush();

        // then
        Map<String, String> deadReasons = fixture.deadLetters.readRecordsToList().stream().collect(Collectors.toMap(
                r -> DeadLetters.header(r.headers(), DeadLetters.TOPIC) + "@" + DeadLetters.header(r.headers(), DeadLetters.OFFSET),
                r -> DeadLetters.header(r.headers(), DeadLetters.REASON)));
        List<ScoredRecord> scored = fixture.scores.readValuesToList();
        Map<String, Long> scoredCount = scored.stream().collect(Collectors.groupingBy(
                s -> s.getSource().getTopic() + "@" + s.getSource().getOffset(), Collectors.counting()));

        byOrigin.forEach((origin, c) -> {
            if (c.reason() == null) {
                assertThat(scoredCount.get(origin)).as(c.name() + " is scored once").isEqualTo(1L);
                assertThat(deadReasons).as(c.name()).doesNotContainKey(origin);
            } else {
                assertThat(deadReasons.get(origin)).as(c.name() + " is dead-lettered with its reason").contains(c.reason());
                assertThat(scoredCount).as(c.name()).doesNotContainKey(origin);
            }
        });
        goodByOrigin.keySet().forEach(origin -> assertThat(scoredCount.get(origin)).as("good record " + origin).isEqualTo(1L));
        assertThat(deadReasons).hasSize((int) byOrigin.values().stream().filter(c -> c.reason() != null).count());
        assertThat(scored).hasSize(goodByOrigin.size() + (int) byOrigin.values().stream().filter(c -> c.reason() == null).count());
        List<ScoredRecord> sensorScores = scored.stream().filter(s -> s.getKind() == StreamKind.SENSOR).toList();
        assertThat(sensorScores).allSatisfy(s -> assertThat(s.getScore()).isFinite());
        assertThat(sensorScores.subList(sensorScores.size() - 40, sensorScores.size()))
                .as("the key still scores after an out-of-order and a duplicate reading")
                .allSatisfy(s -> assertThat(s.getVerdict()).isNotEqualTo(Verdict.WARMING_UP));
    }

    private TestInputTopic<byte[], byte[]> input(StreamKind kind) {
        return kind == StreamKind.SENSOR ? fixture.sensors : fixture.transactions;
    }

    private static String origin(StreamKind kind, long offset) {
        return (kind == StreamKind.SENSOR ? TopologyFixture.TOPICS.sensors() : TopologyFixture.TOPICS.transactions())
                + "@" + offset;
    }
}
