package io.streamad.trainer.train;

import io.streamad.core.model.ModelManifest;
import io.streamad.core.model.Normalisation;
import io.streamad.core.model.ReconstructionError;
import io.streamad.core.model.ThresholdCalibration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains an autoencoder on a {@link TrainingSet}: standardises the rows, holds out the most recent
 * ones, runs Adam with early stopping on the held-out reconstruction error, calibrates the global
 * threshold on the held-out errors of the best weights, and returns the model ready to publish.
 */
public final class AutoencoderTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(AutoencoderTrainer.class);
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    /** Below this many rows an autoencoder learns noise; refuse rather than publish a bad model. */
    public static final int MIN_ROWS = 150;

    private final AutoencoderSpec spec;
    private final Consumer<EpochReport> progress;
    private final Clock clock;

    public AutoencoderTrainer(AutoencoderSpec spec, Consumer<EpochReport> progress, Clock clock) {
        this.spec = spec;
        this.progress = progress;
        this.clock = clock;
    }

    /** A trainer that logs each epoch. */
    public AutoencoderTrainer(AutoencoderSpec spec) {
        this(spec, report -> LOG.info("{}", report), Clock.systemUTC());
    }

    /**
     * @param data      rows in event-time order
     * @param warmStart weights of a previous model with the same layers to start from, or null
     */
    public TrainedModel train(TrainingSet data, Map<String, float[]> warmStart) {
        if (data.size() < MIN_ROWS) {
            throw new IllegalArgumentException("need at least " + MIN_ROWS + " rows to train " + data.model()
                    + ", got " + data.size());
        }
        long started = System.nanoTime();
        int width = data.schema().width();
        int gap = Integer.parseInt(data.schema().params().getOrDefault("window", "0"));
        Split split = Split.of(data.rows(), spec.validationFraction(), gap);
        int trainRows = split.train().length;
        int validationRows = split.validation().length;
        Normalisation normalisation = Normalisation.fit(split.train(), spec.clip());
        float[] x = normalise(normalisation, split.train());
        float[] validation = normalise(normalisation, split.validation());
        List<Integer> layers = spec.layers(width);
        OutputRange range = OutputRange.of(x, width);

        Fit fit = fit(data.model(), layers, range, x, trainRows, validation, validationRows, warmStart);
        AutoencoderGraph best = new AutoencoderGraph(layers, range, spec.learningRate(), spec.seed(), fit.weights());
        try {
            double[] errors = ReconstructionError.scores(validation, best.reconstruct(validation, validationRows),
                    validationRows, width);
            ThresholdCalibration calibration =
                    ThresholdCalibration.fit(errors, spec.calibrationLevel());
            long millis = (System.nanoTime() - started) / 1_000_000;
            String digest = digest(data.rows());
            Instant now = clock.instant();
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, data.model(),
                    data.model() + "-" + VERSION_TIME.format(now) + "-" + digest.substring(0, 6), now,
                    data.schema(), ModelManifest.Signature.standard(width), normalisation, calibration,
                    new ModelManifest.Training(data.size(), validationRows, fit.epochs(), fit.bestEpoch(), fit.bestLoss(),
                            data.windowStart(), data.windowEnd(), digest, layers, millis, data.source()));
            LOG.info("{}: trained {} on {} rows in {} ms; held-out error median {} p99.9 {}, global threshold {}",
                    data.model(), manifest.version(), data.size(), millis, format(Math.exp(calibration.logMedian())),
                    format(calibration.quantiles().getOrDefault("0.999", Double.NaN)), format(calibration.threshold()));
            return new TrainedModel(manifest, best);
        } catch (RuntimeException e) {
            best.close();
            throw e;
        }
    }

    private record Fit(Map<String, float[]> weights, int epochs, int bestEpoch, double bestLoss) {
    }

    private Fit fit(String model, List<Integer> layers, OutputRange range, float[] x, int rows, float[] validation,
                    int validationRows, Map<String, float[]> warmStart) {
        int width = layers.get(0);
        try (AutoencoderGraph graph = new AutoencoderGraph(layers, range, spec.learningRate(), spec.seed(), warmStart)) {
            Random random = new Random(spec.seed());
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = i;
            }
            float[] batch = new float[spec.batchSize() * width];
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            Map<String, float[]> bestWeights = null;
            int epoch = 0;
            while (epoch < spec.maxEpochs() && epoch - bestEpoch < spec.patience() + (bestEpoch == 0 ? 1 : 0)) {
                epoch++;
                long t0 = System.nanoTime();
                shuffle(order, random);
                double lossSum = 0;
                for (int start = 0; start < rows; start += spec.batchSize()) {
                    int n = Math.min(spec.batchSize(), rows - start);
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(x, order[start + i] * width, batch, i * width, width);
                    }
                    lossSum += graph.step(batch, n) * (double) n;
                }
                double validationLoss = mean(ReconstructionError.scores(validation,
                        graph.reconstruct(validation, validationRows), validationRows, width));
                if (validationLoss < bestLoss) {
                    bestLoss = validationLoss;
                    bestEpoch = epoch;
                    bestWeights = graph.weights();
                }
                progress.accept(new EpochReport(model, epoch, spec.maxEpochs(), lossSum / rows, validationLoss,
                        bestLoss, bestEpoch, (System.nanoTime() - t0) / 1_000_000));
            }
            if (bestWeights == null) {
                throw new IllegalStateException(model + ": training diverged, no epoch produced a finite validation error");
            }
            return new Fit(bestWeights, epoch, bestEpoch, bestLoss);
        }
    }

    private static float[] normalise(Normalisation n, float[][] rows) {
        int width = n.width();
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            n.apply(rows[i], out, i * width);
        }
        return out;
    }

    /**
     * Rows for fitting and rows held out. The held-out rows are whole blocks spread evenly over the
     * training window (every n-th of twenty), so calibration sees quiet and busy periods alike; training
     * rows within {@code gap} rows of a held-out block are dropped, because consecutive rows share most
     * of their window and would leak the held-out rows into training.
     */
    private record Split(float[][] train, float[][] validation) {
        static Split of(float[][] rows, double fraction, int gap) {
            int n = rows.length;
            int every = Math.max(2, (int) Math.round(1 / fraction));
            int blocks = Math.max(every, Math.min(20, n / Math.max(1, 4 * gap)));
            boolean[] held = new boolean[n];
            for (int i = 0; i < n; i++) {
                held[i] = (int) ((long) i * blocks / n) % every == every - 1;
            }
            java.util.List<float[]> train = new java.util.ArrayList<>();
            java.util.List<float[]> validation = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (held[i]) {
                    validation.add(rows[i]);
                } else if (!nearHeld(held, i, gap)) {
                    train.add(rows[i]);
                }
            }
            return new Split(train.toArray(float[][]::new), validation.toArray(float[][]::new));
        }

        private static boolean nearHeld(boolean[] held, int i, int gap) {
            for (int j = Math.max(0, i - gap); j <= Math.min(held.length - 1, i + gap); j++) {
                if (held[j]) {
                    return true;
                }
            }
            return false;
        }
    }


    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static String digest(float[][] rows) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(4 * rows[0].length);
            for (float[] row : rows) {
                buf.clear();
                buf.asFloatBuffer().put(row);
                sha.update(buf.array());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String format(double v) {
        return String.format("%.5g", v);
    }
}
