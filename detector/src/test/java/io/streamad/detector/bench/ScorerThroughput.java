package io.streamad.detector.bench;

import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ScoringModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Rows per second of the detector's scoring model at several batch sizes, one Session.run per batch,
 * against one Session.run per record, in the same process on the same model and rows. Not a test: run
 * it with {@code ./mvnw -q -pl detector exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.streamad.detector.bench.ScorerThroughput}.
 */
public final class ScorerThroughput {

    private ScorerThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("scorer-throughput");
        Path dir = TestModels.transactionModel(root, new CardSimulator(500, TestModels.START, 0, TestModels.START, 3), 20);
        ScoringModel model = ModelLoader.load(dir, new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT).schema());
        int width = model.width();
        int rows = 1 << 16;
        float[] data = new float[rows * width];
        Random random = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        System.out.printf("model %s, %d features, %s%n", model.version(), width, System.getProperty("java.vm.name"));
        System.out.println("batch | rows/s | x batch-1");
        double single = 0;
        for (int batch : new int[] {1, 16, 64, 256, 1024}) {
            measure(model, data, width, batch, Math.min(rows, batch * 2000));
            double rps = measure(model, data, width, batch, Math.min(rows, Math.max(20_000, batch * 4000)));
            if (batch == 1) {
                single = rps;
            }
            System.out.printf("%5d | %,10.0f | %6.1f%n", batch, rps, rps / single);
        }
    }

    /** Scores {@code total} rows in batches of {@code batch}; returns rows per second. */
    private static double measure(ScoringModel model, float[] data, int width, int batch, int total) {
        float[] input = new float[batch * width];
        long t0 = System.nanoTime();
        int done = 0;
        double sink = 0;
        while (done < total) {
            int offset = (done % (data.length / width - batch)) * width;
            System.arraycopy(data, offset, input, 0, batch * width);
            sink += model.reconstruct(input, batch)[0];
            done += batch;
        }
        long nanos = System.nanoTime() - t0;
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("model returned NaN");
        }
        return done / (nanos / 1e9);
    }
}
