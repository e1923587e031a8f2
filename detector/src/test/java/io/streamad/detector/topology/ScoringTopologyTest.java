package io.streamad.detector.topology;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.detector.TestModels;
import io.streamad.trainer.model.ModelLoader;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringTopologyTest {

    private static final List<String> SENSORS = List.of("pump-1", "pump-2", "fan-3");

    @TempDir
    static Path models;
    static Path sensorModel;

    @TempDir
    Path state;
    private TopologyFixture fixture;
    private final Random random = new Random(3);

    @BeforeAll
    static void train() {
        sensorModel = TestModels.sensorModel(models, SENSORS, 2000, TestModels.SENSORS);
    }

    private TopologyFixture fixture(int batchRows, boolean withModel) {
        fixture = new TopologyFixture(state, batchRows);
        if (withModel) {
            fixture.sensorModels.install(ModelLoader.load(sensorModel,
                    new SensorFeatureExtractor(TestModels.SENSORS).schema()));
        }
        return fixture;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldMarkRecordsWarmingUpWhileThereIsNoModel() {
        fixture(64, false);
        for (int i = 0; i < 40; i++) {
            fixture.send(TestModels.normalReading("pump-1", i, random));
        }
        fixture.flush();

        List<ScoredRecord> scored = fixture.scores.readValuesToList();
        assertThat(scored).hasSize(40).allSatisfy(s -> {
            assertThat(s.getVerdict()).isEqualTo(Verdict.WARMING_UP);
            assertThat(s.getModelVersion()).isNull();
        });
        assertThat(fixture.anomalies.isEmpty()).isTrue();
    }

    @Test
    void shouldScoreEveryRecordOnceAndFlagAnInjectedSpike() {
        fixture(64, true);
        int perSensor = 1500;
        for (int i = 0; i < perSensor; i++) {
            for (String sensor : SENSORS) {
                SensorReading normal = TestModels.normalReading(sensor, i, random);
                boolean spike = sensor.equals("pump-2") && i == 1200;
                fixture.send(spike ? TestModels.reading(sensor, i, normal.getMeasurements().get("temp") + 10) : normal);
            }
        }
        fixture.flush();

        List<ScoredRecord> scored = fixture.scores.readValuesToList();
        assertThat(scored).hasSize(perSensor * SENSORS.size());
        assertThat(scored.stream().map(s -> s.getSource().getOffset()).distinct()).hasSize(scored.size());
        assertThat(scored.stream().filter(s -> s.getVerdict() == Verdict.WARMING_UP)).hasSize(16 * SENSORS.size());

        List<AnomalyEvent> anomalies = fixture.anomalies.readValuesToList();
        AnomalyEvent spike = anomalies.stream()
                .filter(a -> a.getKey().equals("pump-2") && a.getEventTime().equals(TestModels.reading("pump-2", 1200, 0).getEventTime()))
                .findFirst().orElseThrow();
        assertThat(spike.getTopContributors()).isNotEmpty();
        assertThat(spike.getTopContributors().get(0).getFeature()).startsWith("temp.");
        assertThat(spike.getWindowSummary().get("temp.value") - spike.getWindowSummary().get("temp.window_mean")).isGreaterThan(8);
        assertThat(spike.getModelVersion()).startsWith("sensor-");
        assertThat(spike.getScore()).isGreaterThan(spike.getThreshold());
        assertThat(spike.getOutOfRange()).as("10 degrees above anything pump-2 read before").isTrue();
        assertThat(scored.stream().filter(ScoredRecord::getOutOfRange))
                .allSatisfy(s -> assertThat(s.getVerdict()).isEqualTo(Verdict.ANOMALY))
                .anySatisfy(s -> assertThat(s.getEventTime()).isEqualTo(spike.getEventTime()));
        long falseAlarms = anomalies.stream().filter(a -> !a.getKey().equals("pump-2")
                || Math.abs(a.getEventTime().toEpochMilli() - spike.getEventTime().toEpochMilli()) > 16 * 300_000L).count();
        assertThat(falseAlarms).as("anomalies on normal data").isLessThan(scored.size() / 200);

        // every decision is counted by the source of its threshold: the global one while a key is new, then the key's
        // own; a sample of them (one in 16) meters the thresholds themselves
        var global = fixture.registry.get("streamad.threshold.decisions").tags("kind", "SENSOR", "source", "GLOBAL").counter();
        var own = fixture.registry.get("streamad.threshold.decisions").tags("kind", "SENSOR", "source", "KEY").counter();
        long decided = scored.stream().filter(s -> s.getVerdict() != Verdict.WARMING_UP).count();
        assertThat(global.count()).isPositive();
        assertThat(own.count()).isPositive();
        assertThat(global.count() + own.count()).isEqualTo(decided);
        var ownThresholds = fixture.registry.get("streamad.threshold").tags("kind", "SENSOR", "source", "KEY").summary();
        long ownDecisions = (long) own.count();
        assertThat(ownThresholds.count()).as("one decision in 16 of %s", ownDecisions)
                .isBetween(ownDecisions / 32, ownDecisions / 8);
        assertThat(ownThresholds.max()).isPositive();
    }

    @Test
    void shouldFlagASensorStuckForLongerThanEverWhateverTheModelScores() {
        // a threshold no score reaches once a key has its own: every anomaly below is the stuck rule's
        ThresholdPolicy deaf = new ThresholdPolicy(ThresholdPolicy.Mode.LIKELIHOOD, 1e6, 2000, 100, 0.25, 200, 4.0, 50, 0, 32);
        fixture = new TopologyFixture(state, 64, deaf);
        fixture.sensorModels.install(ModelLoader.load(sensorModel, new SensorFeatureExtractor(TestModels.SENSORS).schema()));
        int normal = 600;
        int stuck = 50;
        double last = 0;
        for (int i = 0; i < normal + stuck; i++) {
            SensorReading reading = i < normal ? TestModels.normalReading("pump-1", i, random) : TestModels.reading("pump-1", i, last);
            last = reading.getMeasurements().get("temp");
            fixture.send(reading);
        }
        fixture.flush();

        List<ScoredRecord> scored = fixture.scores.readValuesToList();
        assertThat(scored).hasSize(normal + stuck);
        // the last normal value (reading 599) has lasted 2 readings at 600 ... 33 at 631: more than the 32 allowed
        assertThat(scored.subList(200, normal + 31)).allSatisfy(s -> assertThat(s.getVerdict()).isEqualTo(Verdict.NORMAL));
        assertThat(scored.subList(normal + 31, normal + stuck))
                .allSatisfy(s -> assertThat(s.getVerdict()).isEqualTo(Verdict.ANOMALY))
                .allSatisfy(s -> assertThat(s.getStuck()).isTrue())
                .noneSatisfy(s -> assertThat(s.getOutOfRange()).isTrue());
        assertThat(scored.subList(0, normal + 31)).noneSatisfy(s -> assertThat(s.getStuck()).isTrue());
        List<AnomalyEvent> events = fixture.anomalies.readValuesToList().stream()
                .filter(a -> !a.getEventTime().isBefore(scored.get(200).getEventTime())).toList();
        assertThat(events).as("one incident, not a page per stuck reading").hasSize(1);
        assertThat(events.get(0).getEventTime()).isEqualTo(scored.get(normal + 31).getEventTime());
        assertThat(events.get(0).getWindowSummary()).containsEntry(ScoringTopology.STUCK_RUN, 33.0);
        assertThat(events.get(0).getOutOfRange()).isFalse();
        assertThat(events.get(0).getStuck()).isTrue();
    }

    @Test
    void shouldRunTheModelOncePerBatchNotPerRecord() {
        fixture(64, true);
        for (int i = 0; i < 640; i++) {
            fixture.send(TestModels.normalReading("pump-1", i, random));
        }
        fixture.flush();

        var batches = fixture.registry.find("streamad.inference.batch.size").tag("kind", "SENSOR").summary();
        assertThat(batches.count()).isEqualTo(10);
        assertThat(fixture.scores.getQueueSize()).isEqualTo(640);
    }

    @Test
    void shouldScoreAQueuedRecordWhenTheBatchDeadlinePasses() {
        fixture(64, true);
        for (int i = 0; i < 20; i++) {
            fixture.send(TestModels.normalReading("pump-1", i, random));
        }
        assertThat(fixture.scores.isEmpty()).isTrue();

        fixture.flush();

        assertThat(fixture.scores.getQueueSize()).isEqualTo(20);
    }

    @Test
    void shouldRouteMalformedRecordsToTheDeadLetterTopicWithTheReason() {
        fixture(8, true);
        byte[] good = fixture.sensorSerde.encode(TestModels.reading("pump-1", 0, 40));
        fixture.sensors.pipeInput("pump-1".getBytes(), new byte[] {1, 2, 3});
        fixture.sensors.pipeInput("pump-1".getBytes(), java.util.Arrays.copyOf(good, good.length - 3));
        fixture.send(new SensorReading("pump-1", Instant.EPOCH, Map.of("temp", Double.NaN)));
        fixture.send(new SensorReading("pump-1", Instant.EPOCH, Map.of("rpm", 5.0)));
        fixture.sensors.pipeInput("pump-9".getBytes(), good);
        fixture.sensors.pipeInput((byte[]) null, good);
        fixture.sensors.pipeInput("pump-1".getBytes(), (byte[]) null);
        fixture.sensors.pipeInput("pump-1".getBytes(), good);
        fixture.flush();

        List<TestRecord<byte[], byte[]>> dead = fixture.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(7);
        assertThat(dead).extracting(r -> reason(r.headers())).satisfiesExactly(
                r -> assertThat(r).contains("bad header"),
                r -> assertThat(r).contains("malformed SensorReading"),
                r -> assertThat(r).contains("not a finite number"),
                r -> assertThat(r).contains("missing measurement 'temp'"),
                r -> assertThat(r).contains("key 'pump-9' does not match the record's id 'pump-1'"),
                r -> assertThat(r).contains("null key"),
                r -> assertThat(r).contains("null value"));
        assertThat(dead.get(0).value()).containsExactly(1, 2, 3);
        assertThat(dead.get(4).key()).isEqualTo("pump-9".getBytes());
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.TOPIC)).isEqualTo("sensors");
        assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.OFFSET)).isEqualTo("0");
        assertThat(DeadLetters.header(dead.get(6).headers(), DeadLetters.OFFSET)).isEqualTo("6");
        assertThat(fixture.metrics.count("streamad.dead.letters", "kind", "SENSOR", "reason", "decode")).isEqualTo(3);
        assertThat(fixture.scores.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(s.getSource().getOffset()).isEqualTo(7));
    }

    private static String reason(Headers headers) {
        return DeadLetters.header(headers, DeadLetters.REASON);
    }
}
