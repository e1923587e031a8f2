package io.streamad.detector.topology;

import io.streamad.avro.StreamKind;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.detector.BadInput;
import io.streamad.detector.InputFuzzer;
import io.streamad.detector.TestModels;
import io.streamad.trainer.model.ModelLoader;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random byte arrays and mutated valid records, with good records between them: each input
 * comes out exactly once, scored or dead-lettered, and nothing escapes the topology. The seed is printed;
 * rerun a failure with {@code -Dfuzz.seed=<seed>}.
 */
class InputFuzzTest {

    @TempDir
    Path models;
    @TempDir
    Path state;
    private TopologyFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldScoreOrDeadLetterEveryFuzzedRecordExactlyOnceAndKeepScoringTheGoodOnes() {
        // given
        long seed = Long.getLong("fuzz.seed", 20261126L);
        System.out.printf("InputFuzzTest seed %d (rerun with -Dfuzz.seed=%d)%n", seed, seed);
        fixture = new TopologyFixture(state, 64);
        Path model = TestModels.sensorModel(models, List.of(BadInput.SENSOR), 400, TestModels.SENSORS);
        fixture.sensorModels.install(ModelLoader.load(model, new SensorFeatureExtractor(TestModels.SENSORS).schema()));
        List<InputFuzzer.Input> inputs = new InputFuzzer(seed).inputs(3000, Instant.now());

        // when
        long[] next = new long[2];
        Set<String> all = new HashSet<>();
        Set<String> good = new HashSet<>();
        for (InputFuzzer.Input in : inputs) {
            (in.kind() == StreamKind.SENSOR ? fixture.sensors : fixture.transactions)
                    .pipeInput(new TestRecord<>(in.key(), in.value(), in.timestamp()));
            String origin = topic(in.kind()) + "@" + next[in.kind().ordinal()]++;
            all.add(origin);
            if (in.good()) {
                good.add(origin);
            }
        }
        fixture.flush();

        // then
        Map<String, Long> scored = fixture.scores.readValuesToList().stream().collect(Collectors.groupingBy(
                s -> s.getSource().getTopic() + "@" + s.getSource().getOffset(), Collectors.counting()));
        Map<String, Long> dead = fixture.deadLetters.readRecordsToList().stream().collect(Collectors.groupingBy(
                r -> DeadLetters.header(r.headers(), DeadLetters.TOPIC) + "@" + DeadLetters.header(r.headers(), DeadLetters.OFFSET),
                Collectors.counting()));
        Set<String> lost = all.stream().filter(o -> !scored.containsKey(o) && !dead.containsKey(o)).collect(Collectors.toSet());
        Set<String> doubled = all.stream().filter(o -> scored.getOrDefault(o, 0L) + dead.getOrDefault(o, 0L) > 1)
                .collect(Collectors.toSet());
        System.out.printf("InputFuzzTest: %d in (%d good), %d scored, %d dead-lettered, %d lost, %d doubled%n",
                all.size(), good.size(), scored.size(), dead.size(), lost.size(), doubled.size());
        assertThat(lost).as("inputs with no output").isEmpty();
        assertThat(doubled).as("inputs with more than one output").isEmpty();
        assertThat(scored.keySet()).containsAll(good);
        assertThat(dead.size()).as("most fuzzed records are unusable").isGreaterThan((all.size() - good.size()) / 2);
    }

    private static String topic(StreamKind kind) {
        return kind == StreamKind.SENSOR ? TopologyFixture.TOPICS.sensors() : TopologyFixture.TOPICS.transactions();
    }
}
