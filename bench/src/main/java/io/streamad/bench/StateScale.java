package io.streamad.bench;

import io.streamad.avro.CardTransaction;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.core.model.ThresholdCalibration;
import io.streamad.core.threshold.AdaptiveThreshold;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.core.threshold.ThresholdState;
import io.streamad.detector.embedded.CardSimulator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Per-key state at 10k, 100k, 1M... keys, for each family: sensors (the benchmark's input) and card transactions
 * (where a million keys is the usual case: one per card). The detector's two stores of the family (RocksDB,
 * String keys, byte values, as {@code ScoringTopology} declares them) are driven directly, without a broker:
 * warming a million keys through the whole topology would take hours on two cores, since a key only has a
 * threshold state once its window is warm. Each record takes the detector's per-record state path: read the
 * key's feature state, featurise, write it back; read its threshold state, decide on a score, write it back.
 */
final class StateScale {

    private static final Logger LOG = LoggerFactory.getLogger(StateScale.class);
    private static final long STRIDE = 7919; // prime: i * STRIDE mod keys visits every key once, scattered

    private final AdaptiveThreshold threshold = new AdaptiveThreshold(ThresholdPolicy.DEFAULT);
    private final ThresholdCalibration calibration = ThresholdCalibration.fit(new double[] {0.01, 0.02, 0.03, 0.05, 0.2}, 0.99);
    private final Path dir;

    StateScale(Path dir) {
        this.dir = dir;
    }

    /** Grows each family's stores to each key count in turn (ascending), measuring after each. */
    List<StateStep> run(List<Long> keyCounts) {
        List<StateStep> steps = new ArrayList<>();
        for (Family family : List.of(new Sensors(), new Cards())) {
            steps.addAll(run(family, keyCounts));
        }
        return steps;
    }

    private List<StateStep> run(Family family, List<Long> keyCounts) {
        Path familyDir = dir.resolve(family.name());
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config(), new TaskId(0, 0), familyDir.toFile());
        List<StateStep> steps = new ArrayList<>();
        try (FamilyStores stores = new FamilyStores(context, family.name())) {
            byte[] warmState = family.warm();
            byte[] warmThreshold = warmThreshold();
            long loaded = 0;
            for (long keys : keyCounts) {
                for (long k = loaded; k < keys; k++) {
                    stores.features.put(family.key(k), warmState);
                    stores.thresholds.put(family.key(k), warmThreshold);
                }
                loaded = keys;
                long t0 = System.nanoTime();
                for (long i = 0; i < keys; i++) {
                    String key = family.key(i * STRIDE % keys);
                    stores.features.put(key, family.update(stores.features.get(key), i));
                    ThresholdState state = ThresholdState.fromBytes(stores.thresholds.get(key));
                    threshold.decide(state, 0.02 + (i % 7) * 0.001, calibration);
                    stores.thresholds.put(key, state.toBytes());
                }
                double rate = keys / ((System.nanoTime() - t0) / 1e9);
                stores.features.flush();
                stores.thresholds.flush();
                steps.add(measure(family.name(), stores, familyDir, keys, rate));
            }
        }
        return steps;
    }

    private StateStep measure(String family, FamilyStores stores, Path familyDir, long keys, double rate) {
        double featureBytes = storedBytes(stores.features) / (double) keys;
        double thresholdBytes = storedBytes(stores.thresholds) / (double) keys;
        double disk = diskBytes(familyDir) / (double) keys;
        StateStep step = new StateStep(family, keys, featureBytes, thresholdBytes, featureBytes + thresholdBytes, disk, rate,
                ProcessStats.heapAfterGcMib(), ProcessStats.rssMib());
        LOG.info("{} {} keys: {} bytes/key in the stores ({} features + {} thresholds), {} on disk, {} updates/s, heap {} MiB, RSS {} MiB",
                keys, family, Math.round(step.storeBytesPerKey()), Math.round(featureBytes), Math.round(thresholdBytes),
                Math.round(disk), Math.round(rate), Math.round(step.heapAfterGcMib()), Math.round(step.rssMib()));
        return step;
    }

    /** A threshold state past its cold start. */
    private byte[] warmThreshold() {
        ThresholdState state = new ThresholdState();
        for (int i = 0; i < 150; i++) {
            threshold.decide(state, 0.02 + (i % 7) * 0.001, calibration);
        }
        return state.toBytes();
    }

    /** One family's keys and feature state: warm state to load, and the detector's update of it. */
    private interface Family {
        String name();

        String key(long k);

        byte[] warm();

        byte[] update(byte[] state, long i);
    }

    /** Sensor windows at the detector's default settings. */
    private static final class Sensors implements Family {
        private final SensorFeatureExtractor extractor = new SensorFeatureExtractor(BenchModels.SENSORS);
        private final SensorData data = SensorData.endingBeforeNow(1, 100);

        @Override
        public String name() {
            return "sensor";
        }

        @Override
        public String key(long k) {
            return SensorData.key((int) k);
        }

        /** A window after 40 readings: warm, every slot it will ever hold allocated. */
        @Override
        public byte[] warm() {
            var window = extractor.newState();
            for (int i = 0; i < 40; i++) {
                extractor.extractAndUpdate(window, data.reading(0, i));
            }
            return extractor.serialize(window);
        }

        @Override
        public byte[] update(byte[] state, long i) {
            var window = extractor.deserialize(state);
            extractor.extractAndUpdate(window, data.reading(0, 50 + (int) (i % 40)));
            return extractor.serialize(window);
        }
    }

    /** Card histories at the detector's default settings, keyed like the simulator's cards. */
    private static final class Cards implements Family {
        private static final int TRANSACTIONS = 1_000;
        private final TransactionFeatureExtractor extractor = new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT);
        private final List<CardTransaction> history = new ArrayList<>();

        /** One simulated cardholder's first 200 purchases (its remembered merchants full) and 1,000 later ones. */
        Cards() {
            CardSimulator simulator = new CardSimulator(1, Instant.parse("2026-01-05T00:00:00Z"), 0, Instant.MAX, 3);
            for (int i = 0; i < 200 + TRANSACTIONS; i++) {
                history.add(simulator.next().transaction());
            }
        }

        @Override
        public String name() {
            return "transaction";
        }

        @Override
        public String key(long k) {
            return "card-" + k;
        }

        @Override
        public byte[] warm() {
            var card = extractor.newState();
            for (int i = 0; i < 200; i++) {
                extractor.extractAndUpdate(card, history.get(i));
            }
            return extractor.serialize(card);
        }

        @Override
        public byte[] update(byte[] state, long i) {
            var card = extractor.deserialize(state);
            extractor.extractAndUpdate(card, history.get(200 + (int) (i % TRANSACTIONS)));
            return extractor.serialize(card);
        }
    }

    private static long storedBytes(KeyValueStore<String, byte[]> store) {
        long bytes = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                bytes += entry.key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + entry.value.length;
            }
        }
        return bytes;
    }

    private static long diskBytes(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot size " + root, e);
        }
    }

    private static Properties config() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-state-scale");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return p;
    }

    /** The detector's two per-key stores of one family, RocksDB, no changelog (no broker here) and no cache. */
    private static final class FamilyStores implements AutoCloseable {
        final KeyValueStore<String, byte[]> features;
        final KeyValueStore<String, byte[]> thresholds;

        FamilyStores(MockProcessorContext<Object, Object> context, String family) {
            features = open(context, family + "-windows");
            thresholds = open(context, family + "-thresholds");
        }

        private static KeyValueStore<String, byte[]> open(MockProcessorContext<Object, Object> context, String name) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            return store;
        }

        @Override
        public void close() {
            features.close();
            thresholds.close();
        }
    }
}
