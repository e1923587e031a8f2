package io.streamad.bench.jmh;

import io.streamad.avro.SensorReading;
import io.streamad.bench.BenchModels;
import io.streamad.bench.SensorData;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.SensorWindow;
import io.streamad.core.model.Normalisation;
import io.streamad.core.model.ReconstructionError;
import io.streamad.trainer.model.ScoringModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second through the detector's scoring step (normalise, one Session.run per batch, reconstruction
 * error), by batch size. Every invocation scores the same {@value #ROWS} real feature rows, in batches of
 * {@code batch}, so the scores are rows/s and batch 1 is the peers' one-Session.run-per-record pattern.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScorerBenchmark {

    static final int ROWS = 1024;

    @Param({"1", "4", "16", "64", "256", "1024"})
    int batch;

    private ScoringModel model;
    private float[][] raw;
    private float[] input;

    @Setup
    public void setUp() throws IOException {
        model = BenchModels.sensorModel(Files.createTempDirectory("scorer-benchmark"));
        SensorFeatureExtractor extractor = new SensorFeatureExtractor(BenchModels.SENSORS);
        SensorData data = SensorData.endingBeforeNow(1, 2000);
        SensorWindow window = extractor.newState();
        raw = new float[ROWS][];
        for (int i = 0; i < 64 + ROWS; i++) {
            SensorReading r = data.reading(0, i);
            float[] features = extractor.extractAndUpdate(window, r).values();
            if (i >= 64) {
                raw[i - 64] = features;
            }
        }
        input = new float[batch * model.width()];
    }

    @TearDown
    public void tearDown() {
        model.release();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double scoreRows() {
        int width = model.width();
        Normalisation normalisation = model.manifest().normalisation();
        double sink = 0;
        for (int start = 0; start < ROWS; start += batch) {
            for (int j = 0; j < batch; j++) {
                normalisation.apply(raw[start + j], input, j * width);
            }
            float[] out = model.reconstruct(input, batch);
            sink += ReconstructionError.scores(input, out, batch, width)[batch - 1];
        }
        return sink;
    }
}
