package io.streamad.detector.it;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import io.streamad.detector.model.ModelRegistry;
import io.streamad.detector.model.ModelSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retraining loop end to end: two detector instances (one also running the trainer) on one
 * broker. The trainer trains the first model from the first stretch of data; then the normal regime
 * changes, the old model alerts on it, the trainer learns the new normal and publishes a new version,
 * both instances switch to it without a restart, the alerts on the new normal stop, and injected
 * spikes are still caught.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainingIT {

    private static final List<String> SENSORS = List.of("pump-1", "pump-2", "pump-3", "pump-4");
    private static final int FIRST = 1600;
    private static final int DRIFT_CHUNK = 200;
    private static final int AFTER = 600;

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness withTrainer;
    private DetectorHarness plain;
    private KafkaTestSupport kafka;
    private final AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
    private final Random random = new Random(17);
    private int next;

    @BeforeAll
    void start() {
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        // BAND thresholds learn only from normal scores, so what a model has not seen keeps alerting until the
        // model is retrained: the behaviour this test is about. (PEAK, the default, also stops alerting on a
        // lasting new pattern by itself, within a few readings.) No cooldown: every spike must raise its event.
        Map<String, Object> common = new HashMap<>(DetectorHarness.testSensorFeatures());
        common.putAll(Map.of(
                "kafka.streams.default.application.id", "retraining-it",
                "streamad.threshold.mode", "band",
                "streamad.threshold.k", 3.5,
                "streamad.threshold.floor-ratio", 0.5,
                "streamad.threshold.cooldown", 0));
        Map<String, Object> trainer = new HashMap<>(common);
        trainer.putAll(Map.of(
                "streamad.trainer.enabled", true,
                "streamad.trainer.work-dir", work.resolve("trainer").toString(),
                "streamad.trainer.sample.max-rows", 3000,
                "streamad.trainer.sample.anomaly-guard", "30m",
                "streamad.trainer.retrain.bootstrap-rows", 3000,
                "streamad.trainer.retrain.min-new-rows", 1500,
                "streamad.trainer.retrain.interval", "1s",
                "streamad.trainer.retrain.check-interval", "1s",
                "streamad.trainer.retrain.max-epochs", 40,
                "streamad.trainer.publish.keep-versions", 3));
        withTrainer = new DetectorHarness(broker.bootstrapServers(), work.resolve("a"), trainer);
        plain = new DetectorHarness(broker.bootstrapServers(), work.resolve("b"), common);
    }

    @AfterAll
    void stop() {
        plain.close();
        withTrainer.close();
        kafka.close();
        broker.close();
    }

    /**
     * Until reading {@code FIRST} a daily cycle, the same for every sensor but for its phase; after it a new normal
     * the scale-free features do not absorb: the value flips between two levels at every reading. The sensors are
     * alike before and after so that none is the quietest: a per-key threshold keeps the key's place among its
     * scores over its {@code memory}, and the quietest key of the old normal would stay the most sensitive one
     * under the new (alerting on 0 to 4 % of its rows under models trained on the new normal, in about 30 runs).
     */
    private SensorReading reading(String sensor, int i, boolean spike) {
        double phase = 2 * Math.PI * SENSORS.indexOf(sensor) / SENSORS.size();
        double value = 55 + 5 * Math.sin(2 * Math.PI * i / 288.0 + phase) + 0.4 * random.nextGaussian();
        if (i >= FIRST) {
            value = 45 + (i % 2 == 0 ? 3 : -3) + 0.4 * random.nextGaussian();
        }
        return TestModels.reading(sensor, i, spike ? value + 30 : value);
    }

    private void send(int readings, Set<Integer> spikes) {
        for (int i = next; i < next + readings; i++) {
            for (String sensor : SENSORS) {
                boolean spike = spikes.contains(i) && sensor.equals("pump-1");
                kafka.producer().send(new ProducerRecord<>("sensor-readings", sensor.getBytes(StandardCharsets.UTF_8),
                        serde.encode(reading(sensor, i, spike))));
            }
        }
        kafka.producer().flush();
        next += readings;
        int expected = next * SENSORS.size();
        kafka.awaitRecords("scores", Duration.ofMinutes(2), r -> r.size() >= expected);
    }

    private static String serving(DetectorHarness detector) {
        return detector.context().getBean(ModelRegistry.class).slot(StreamKind.SENSOR).manifest()
                .map(m -> m.version()).orElse(null);
    }

    private List<ScoredRecord> scores() {
        AvroSerde<ScoredRecord> s = AvroSerde.of(ScoredRecord.class);
        return kafka.readAll("scores").stream().map(r -> s.decode(r.value())).toList();
    }

    /** Event time of the first reading of the new normal. */
    private static Instant driftStart() {
        return TestModels.reading("x", FIRST, 0).getEventTime();
    }

    /** Whether a model was trained on data reaching well into the new normal. */
    private static boolean knowsTheNewNormal(ModelManifest m) {
        return m != null && m.training().windowEnd().isAfter(TestModels.reading("x", FIRST + 600, 0).getEventTime());
    }

    private static ModelManifest manifest(DetectorHarness detector) {
        return detector.context().getBean(ModelRegistry.class).slot(StreamKind.SENSOR).manifest().orElse(null);
    }

    /** Every published sensor version, by whether it was trained on the new normal. */
    private Map<String, Boolean> versions() {
        return withTrainer.context().getBean(ModelSource.class).operations().orElseThrow().history("sensor").stream()
                .collect(Collectors.toMap(r -> r.version(), r -> knowsTheNewNormal(ManifestCodec.fromJson(r.manifest()))));
    }

    @Test
    void shouldLearnTheNewNormalAndSwitchEveryInstanceWithoutARestart() {
        // the first model, trained by the trainer from the first stretch
        send(1000, Set.of());
        await().atMost(Duration.ofMinutes(2)).until(() -> serving(withTrainer) != null && serving(plain) != null);
        String first = serving(withTrainer);
        assertThat(serving(plain)).isEqualTo(first);
        send(FIRST - 1000, Set.of());

        // the new normal, until the trainer has learned it and both instances serve a model that knows it
        long t0 = System.nanoTime();
        for (int chunk = 0; chunk < 20 && !knowsTheNewNormal(manifest(withTrainer)); chunk++) {
            send(DRIFT_CHUNK, Set.of());
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> knowsTheNewNormal(manifest(withTrainer))
                && Objects.equals(serving(plain), serving(withTrainer)));
        long switchedAfter = (System.nanoTime() - t0) / 1_000_000;
        String learned = serving(withTrainer);

        // more of the new normal, with spikes (the trainer may publish further versions meanwhile)
        Set<Integer> spikes = Set.of(next + 200, next + 400);
        send(AFTER, spikes);
        await().atMost(Duration.ofSeconds(30)).until(() -> Objects.equals(serving(plain), serving(withTrainer)));

        String end = serving(withTrainer);
        Map<String, Boolean> aware = versions();
        Set<Instant> spikeTimes = spikes.stream().map(i -> TestModels.reading("pump-1", i, 0).getEventTime())
                .collect(Collectors.toSet());
        // a spike stays in its sensor's window for a window's length, and leaving it moves the window
        // statistics once more: those readings are not "normal"
        Set<Instant> spikeWindows = spikes.stream().flatMap(i -> java.util.stream.IntStream.rangeClosed(i, i + TestModels.SENSORS.window() + 2)
                .mapToObj(j -> TestModels.reading("pump-1", j, 0).getEventTime())).collect(Collectors.toSet());
        List<ScoredRecord> scored = scores();
        List<ScoredRecord> drifted = scored.stream().filter(s -> !s.getEventTime().isBefore(driftStart()))
                .filter(s -> s.getModelVersion() != null)
                .filter(s -> !(s.getKey().equals("pump-1") && spikeWindows.contains(s.getEventTime()))).toList();
        List<ScoredRecord> byOld = drifted.stream().filter(s -> !aware.getOrDefault(s.getModelVersion(), false)).toList();
        List<ScoredRecord> byNew = drifted.stream().filter(s -> aware.getOrDefault(s.getModelVersion(), false)).toList();
        long alertsBefore = byOld.stream().filter(s -> s.getVerdict() == Verdict.ANOMALY).count();
        long alertsAfter = byNew.stream().filter(s -> s.getVerdict() == Verdict.ANOMALY).count();
        AvroSerde<AnomalyEvent> anomalies = AvroSerde.of(AnomalyEvent.class);
        List<AnomalyEvent> spikeEvents = kafka.readAll("anomalies").stream().map(r -> anomalies.decode(r.value()))
                .filter(a -> a.getKey().equals("pump-1") && spikeTimes.contains(a.getEventTime())).toList();
        Set<Instant> caught = spikeEvents.stream().filter(a -> aware.getOrDefault(a.getModelVersion(), false))
                .map(AnomalyEvent::getEventTime).collect(Collectors.toSet());
        System.out.printf("retraining IT: first model %s; %s, trained on the new normal, served by both instances %d ms "
                        + "after the new normal began (%d versions published); new normal scored by models that had not "
                        + "seen it: %d rows, %d alerts (%.1f%%); by models trained on it: %d rows, %d alerts (%.2f%%); "
                        + "spikes caught %d of %d%n", first, learned, switchedAfter, aware.size(), byOld.size(), alertsBefore,
                100.0 * alertsBefore / Math.max(1, byOld.size()), byNew.size(), alertsAfter,
                100.0 * alertsAfter / Math.max(1, byNew.size()), caught.size(), spikes.size());

        assertThat(serving(plain)).as("both instances serve the same version").isEqualTo(serving(withTrainer));
        assertThat(aware).as("only the last few versions are kept").hasSizeLessThanOrEqualTo(3).containsKey(end);
        assertThat(byNew).hasSizeGreaterThanOrEqualTo(AFTER * SENSORS.size() - spikeWindows.size());
        double rateBefore = (double) alertsBefore / byOld.size();
        double rateAfter = (double) alertsAfter / byNew.size();
        assertThat(alertsBefore).as("models that never saw the new normal alert on it").isGreaterThanOrEqualTo(30);
        // not zero: the time-of-day profile (a feature) takes days of the new level to absorb it, and this test's
        // new normal is hours old when the models trained on it start scoring (measured 0 to 0.92 %, against 38 to 61 %,
        // in 10 runs on 2026-11-27)
        assertThat(rateAfter).as("models trained on it hardly").isLessThan(rateBefore / 5).isLessThan(0.02);
        // on failure, what became of each spike: its scored record(s) and event(s). One run in about 40 under load
        // (2026-11-27), before band keys that had crept over the new normal started afresh on a swap: the models before
        // it alerted on 1.3 % of it (not 30-60 %), pump-1's band came over to the new model at 45-55 and the second spike
        // scored 12 under it (the first was caught as out of range)
        assertThat(caught).as(() -> "spikes in the new normal are still caught (scored: " + scored.stream()
                        .filter(s -> s.getKey().equals("pump-1") && spikeTimes.contains(s.getEventTime()))
                        .map(s -> s.getEventTime() + " " + s.getModelVersion() + " (trained on the new normal: "
                                + aware.get(s.getModelVersion()) + ") score " + s.getScore() + " threshold "
                                + s.getThreshold() + " " + s.getVerdict())
                        .collect(Collectors.joining("; ")) + "; events: " + spikeEvents.stream()
                        .map(a -> a.getEventTime() + " " + a.getModelVersion()).collect(Collectors.joining("; ")) + ")")
                .hasSize(spikes.size());
        assertThat(scored.stream().map(s -> s.getSource().getPartition() + "/" + s.getSource().getOffset()).distinct())
                .as("every reading scored once").hasSize(next * SENSORS.size());
    }
}
