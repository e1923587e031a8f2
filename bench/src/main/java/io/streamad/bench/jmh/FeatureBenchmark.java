package io.streamad.bench.jmh;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.SensorReading;
import io.streamad.bench.BenchModels;
import io.streamad.bench.SensorData;
import io.streamad.core.feature.CardHistory;
import io.streamad.core.feature.FeatureVector;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.SensorWindow;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.core.model.ThresholdCalibration;
import io.streamad.core.threshold.AdaptiveThreshold;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.core.threshold.ThresholdState;
import io.streamad.detector.embedded.CardSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Per-record costs outside the model and Kafka: features of a sensor reading and of a card transaction
 * against a warm key state, the detector's per-record state path for a sensor (deserialize the window,
 * featurise, serialize), and a threshold decision with its state round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FeatureBenchmark {

    private static final int READINGS = 1 << 16;

    private final SensorFeatureExtractor sensors = new SensorFeatureExtractor(BenchModels.SENSORS);
    private final TransactionFeatureExtractor cards = new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT);
    private final AdaptiveThreshold threshold = new AdaptiveThreshold(ThresholdPolicy.DEFAULT);
    private final ThresholdCalibration calibration = ThresholdCalibration.fit(new double[] {0.01, 0.02, 0.03, 0.05, 0.2}, 0.99);
    private SensorReading[] readings;
    private CardTransaction[] transactions;
    private byte[] warmWindow;
    private SensorWindow window;
    private byte[] windowBytes;
    private CardHistory history;
    private byte[] thresholdBytes;
    private int next;

    @Setup
    public void setUp() {
        SensorData data = SensorData.endingBeforeNow(1, READINGS + 64L);
        window = sensors.newState();
        for (int i = 0; i < 64; i++) {
            sensors.extractAndUpdate(window, data.reading(0, i));
        }
        warmWindow = sensors.serialize(window);
        windowBytes = warmWindow;
        readings = new SensorReading[READINGS];
        for (int i = 0; i < READINGS; i++) {
            readings[i] = data.reading(0, 64L + i);
        }
        CardSimulator simulator = new CardSimulator(1, Instant.parse("2026-01-01T00:00:00Z"), 0, Instant.MAX, 1);
        history = cards.newState();
        transactions = new CardTransaction[READINGS];
        for (int i = 0; i < READINGS; i++) {
            transactions[i] = simulator.next().transaction();
        }
        ThresholdState state = new ThresholdState();
        for (int i = 0; i < 150; i++) {
            threshold.decide(state, 0.02 + (i % 7) * 0.001, calibration);
        }
        thresholdBytes = state.toBytes();
    }

    /** The next index; a wrap starts the key's state over, so event time never runs backwards. */
    private int advance() {
        if (++next == READINGS) {
            next = 0;
            window = sensors.deserialize(warmWindow);
            windowBytes = warmWindow;
            history = cards.newState();
        }
        return next;
    }

    @Benchmark
    public FeatureVector sensorFeatures() {
        return sensors.extractAndUpdate(window, readings[advance()]);
    }

    @Benchmark
    public byte[] sensorStatePath() {
        SensorWindow state = sensors.deserialize(windowBytes);
        sensors.extractAndUpdate(state, readings[advance()]);
        windowBytes = sensors.serialize(state);
        return windowBytes;
    }

    @Benchmark
    public FeatureVector transactionFeatures() {
        return cards.extractAndUpdate(history, transactions[advance()]);
    }

    @Benchmark
    public byte[] thresholdDecision() {
        ThresholdState state = ThresholdState.fromBytes(thresholdBytes);
        threshold.decide(state, 0.02 + (next++ & 7) * 0.001, calibration);
        return state.toBytes();
    }
}
