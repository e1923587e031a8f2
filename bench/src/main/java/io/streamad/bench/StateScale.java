package io.streamad.bench;

import io.streamad.avro.SensorReading;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.SensorWindow;
import io.streamad.core.model.ThresholdCalibration;
import io.streamad.core.threshold.AdaptiveThreshold;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.core.threshold.ThresholdState;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Per-key state at 10k, 100k, 1M... keys. The detector's windows and thresholds stores (RocksDB, String keys,
 * byte values, as {@code ScoringTopology} declares them) are driven directly, without a broker: warming a
 * million keys through the whole topology would take hours on two cores, since a key only has a threshold
 * state once its window is warm. Each record takes the detector's per-record state path: read the key's
 * window, featurise, write it back; read its threshold state, decide on a score, write it back.
 */
final class StateScale {

    private static final Logger LOG = LoggerFactory.getLogger(StateScale.class);
    private static final long STRIDE = 7919; // prime: i * STRIDE mod keys visits every key once, scattered

    private final SensorFeatureExtractor extractor = new SensorFeatureExtractor(BenchModels.SENSORS);
    private final AdaptiveThreshold threshold = new AdaptiveThreshold(ThresholdPolicy.DEFAULT);
    private final ThresholdCalibration calibration = ThresholdCalibration.fit(new double[] {0.01, 0.02, 0.03, 0.05, 0.2}, 0.99);
    private final Path dir;

    StateScale(Path dir) {
        this.dir = dir;
    }

    /** Grows both stores to each key count in turn (ascending), measuring after each. */
    List<StateStep> run(List<Long> keyCounts) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config(), new TaskId(0, 0), dir.toFile());
        List<StateStep> steps = new ArrayList<>();
        try (SensorStores stores = new SensorStores(context)) {
            byte[] warmWindow = warmWindow();
            byte[] warmThreshold = warmThreshold();
            SensorData data = SensorData.endingBeforeNow(1, 100);
            long loaded = 0;
            for (long keys : keyCounts) {
                for (long k = loaded; k < keys; k++) {
                    stores.windows.put(SensorData.key((int) k), warmWindow);
                    stores.thresholds.put(SensorData.key((int) k), warmThreshold);
                }
                loaded = keys;
                long t0 = System.nanoTime();
                for (long i = 0; i < keys; i++) {
                    update(stores, SensorData.key((int) (i * STRIDE % keys)), data.reading(0, 50 + i % 40), 0.02 + (i % 7) * 0.001);
                }
                double rate = keys / ((System.nanoTime() - t0) / 1e9);
                stores.windows.flush();
                stores.thresholds.flush();
                steps.add(measure(stores, keys, rate));
            }
        }
        return steps;
    }

    private void update(SensorStores stores, String key, SensorReading reading, double score) {
        SensorWindow window = extractor.deserialize(stores.windows.get(key));
        extractor.extractAndUpdate(window, reading);
        stores.windows.put(key, extractor.serialize(window));
        ThresholdState state = ThresholdState.fromBytes(stores.thresholds.get(key));
        threshold.decide(state, score, calibration);
        stores.thresholds.put(key, state.toBytes());
    }

    private StateStep measure(SensorStores stores, long keys, double rate) {
        double windowBytes = storedBytes(stores.windows) / (double) keys;
        double thresholdBytes = storedBytes(stores.thresholds) / (double) keys;
        double disk = diskBytes(dir) / (double) keys;
        StateStep step = new StateStep(keys, windowBytes, thresholdBytes, windowBytes + thresholdBytes, disk, rate,
                ProcessStats.heapAfterGcMib(), ProcessStats.rssMib());
        LOG.info("{} keys: {} bytes/key in the stores ({} windows + {} thresholds), {} on disk, {} updates/s, heap {} MiB, RSS {} MiB",
                keys, Math.round(step.storeBytesPerKey()), Math.round(windowBytes), Math.round(thresholdBytes), Math.round(disk),
                Math.round(rate), Math.round(step.heapAfterGcMib()), Math.round(step.rssMib()));
        return step;
    }

    /** A sensor window after 40 readings: warm, every slot it will ever hold allocated. */
    private byte[] warmWindow() {
        SensorData data = SensorData.endingBeforeNow(1, 100);
        SensorWindow window = extractor.newState();
        for (int i = 0; i < 40; i++) {
            extractor.extractAndUpdate(window, data.reading(0, i));
        }
        return extractor.serialize(window);
    }

    /** A threshold state past its cold start. */
    private byte[] warmThreshold() {
        ThresholdState state = new ThresholdState();
        for (int i = 0; i < 150; i++) {
            threshold.decide(state, 0.02 + (i % 7) * 0.001, calibration);
        }
        return state.toBytes();
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

    /** The detector's two per-key stores of the sensor branch, RocksDB, no changelog (no broker here) and no cache. */
    private static final class SensorStores implements AutoCloseable {
        final KeyValueStore<String, byte[]> windows;
        final KeyValueStore<String, byte[]> thresholds;

        SensorStores(MockProcessorContext<Object, Object> context) {
            windows = open(context, "sensor-windows");
            thresholds = open(context, "sensor-thresholds");
        }

        private static KeyValueStore<String, byte[]> open(MockProcessorContext<Object, Object> context, String name) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            return store;
        }

        @Override
        public void close() {
            windows.close();
            thresholds.close();
        }
    }
}
