package io.streamad.detector.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.SensorWindow;
import io.streamad.core.threshold.AdaptiveThreshold;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.detector.TestModels;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.detector.model.ModelSlot;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The scoring processor alone, with its stores, as a restarted task would see them. */
class ScoringProcessorTest {

    @TempDir
    static Path models;
    static ModelSlot slot = new ModelSlot("sensor");
    private final SensorFeatureExtractor extractor = new SensorFeatureExtractor(TestModels.SENSORS);
    private final TopologySettings.Stores stores = TopologySettings.Stores.of("sensor");
    private final Random random = new Random(5);
    private final KeyValueStore<String, byte[]> windows = store(stores.windows(), Serdes.String());
    private final KeyValueStore<String, byte[]> thresholds = store(stores.thresholds(), Serdes.String());
    private final KeyValueStore<Long, byte[]> pending = store(stores.pending(), Serdes.Long());

    @BeforeAll
    static void train() {
        Path dir = TestModels.sensorModel(models, List.of("s1", "s2"), 600, TestModels.SENSORS);
        slot.install(ModelLoader.load(dir, new SensorFeatureExtractor(TestModels.SENSORS).schema()));
    }

    @AfterAll
    static void release() {
        slot.close();
    }

    private static <K> KeyValueStore<K, byte[]> store(String name, org.apache.kafka.common.serialization.Serde<K> keys) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, Serdes.ByteArray())
                .withLoggingDisabled().build();
    }

    /** A fresh processor instance over the same stores: what a task gets after a crash and restore. */
    private MockProcessorContext<String, SpecificRecord> start(ScoringProcessor<SensorReading, SensorWindow> processor) {
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
        for (KeyValueStore<?, byte[]> s : List.of(windows, thresholds, pending)) {
            if (!s.isOpen()) {
                s.init(context.getStateStoreContext(), s);
            }
            context.addStateStore(s);
        }
        processor.init(context);
        return context;
    }

    private ScoringProcessor<SensorReading, SensorWindow> processor(int batchRows) {
        return processor(batchRows, extractor);
    }

    private ScoringProcessor<SensorReading, SensorWindow> processor(int batchRows, SensorFeatureExtractor extractor) {
        return new ScoringProcessor<>(StreamKind.SENSOR, stores, extractor, r -> r.getEventTime().toEpochMilli(), slot,
                new AdaptiveThreshold(ThresholdPolicy.DEFAULT),
                new TopologySettings.Batching(batchRows, Duration.ofMillis(50)), new DetectorMetrics(new SimpleMeterRegistry()));
    }

    private void feed(ScoringProcessor<SensorReading, SensorWindow> p, MockProcessorContext<String, SpecificRecord> context,
                      int from, int to) {
        for (int i = from; i < to; i++) {
            context.setRecordMetadata("sensors", 0, i);
            SensorReading r = TestModels.normalReading("s1", i, random);
            p.process(new Record<>("s1", r, r.getEventTime().toEpochMilli()));
        }
    }

    private static List<Long> scoredOffsets(MockProcessorContext<String, SpecificRecord> context) {
        return context.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof ScoredRecord).map(v -> ((ScoredRecord) v).getSource().getOffset()).toList();
    }

    @Test
    void shouldScoreRowsAPreviousOwnerConsumedButNeverScored() {
        // given: 100 records scored in batches of 32, the last 4 still queued when the task dies
        ScoringProcessor<SensorReading, SensorWindow> first = processor(32);
        MockProcessorContext<String, SpecificRecord> before = start(first);
        feed(first, before, 0, 100);
        assertThat(scoredOffsets(before)).hasSize(96);

        // when: a new instance takes over the same (committed) stores and the stream goes on
        ScoringProcessor<SensorReading, SensorWindow> second = processor(32);
        MockProcessorContext<String, SpecificRecord> after = start(second);
        feed(second, after, 100, 101);
        after.scheduledPunctuators().get(0).getPunctuator().punctuate(0);

        // then: every offset is scored exactly once across both owners, in order
        List<Long> all = new java.util.ArrayList<>(scoredOffsets(before));
        all.addAll(scoredOffsets(after));
        assertThat(all).hasSize(101).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void shouldNotRescoreRowsThatWereScoredBeforeTheRestart() {
        ScoringProcessor<SensorReading, SensorWindow> first = processor(10);
        MockProcessorContext<String, SpecificRecord> before = start(first);
        feed(first, before, 0, 30);
        assertThat(scoredOffsets(before)).hasSize(30);

        MockProcessorContext<String, SpecificRecord> after = start(processor(10));
        after.scheduledPunctuators().get(0).getPunctuator().punctuate(0);

        assertThat(after.forwarded()).isEmpty();
    }

    @Test
    void shouldNotScoreRowsQueuedUnderAnotherFeatureConfiguration() {
        // given: rows queued by an instance configured with a 20-reading window (the model expects 16)
        SensorFeatureExtractor wider = new SensorFeatureExtractor(
                new io.streamad.core.feature.SensorFeatureConfig(java.util.List.of("temp"), 20, 200));
        ScoringProcessor<SensorReading, SensorWindow> first = processor(32, wider);
        MockProcessorContext<String, SpecificRecord> before = start(first);
        feed(first, before, 0, 40);

        // when: an instance with the model's configuration takes over
        ScoringProcessor<SensorReading, SensorWindow> second = processor(32);
        MockProcessorContext<String, SpecificRecord> after = start(second);
        after.scheduledPunctuators().get(0).getPunctuator().punctuate(0);

        // then: the 8 leftover rows are emitted, unscored, with the schema that computed them
        List<ScoredRecord> restored = after.forwarded().stream().map(f -> (ScoredRecord) f.record().value()).toList();
        assertThat(restored).hasSize(8).allSatisfy(r -> {
            assertThat(r.getVerdict()).isEqualTo(Verdict.WARMING_UP);
            assertThat(r.getFeatureSchema()).isEqualTo(wider.schema().id());
        });
    }

    @Test
    void shouldCarryTheModelVersionThatScoredEachRecord() {
        ScoringProcessor<SensorReading, SensorWindow> p = processor(8);
        MockProcessorContext<String, SpecificRecord> context = start(p);
        feed(p, context, 0, 40);

        String version = slot.manifest().orElseThrow().version();
        assertThat(context.forwarded()).map(f -> f.record().value())
                .filteredOn(v -> !(v instanceof ScoredRecord s && s.getVerdict() == Verdict.WARMING_UP))
                .hasSizeGreaterThan(20)
                .allSatisfy(v -> assertThat(v instanceof ScoredRecord s ? s.getModelVersion()
                        : ((io.streamad.avro.AnomalyEvent) v).getModelVersion()).isEqualTo(version));
    }
}
