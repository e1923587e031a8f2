package io.streamad.trainer.cli;

import io.streamad.avro.SensorReading;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.series.TimeSeriesCsv;
import io.streamad.trainer.train.AutoencoderSpec;
import io.streamad.trainer.train.AutoencoderTrainer;
import io.streamad.trainer.train.TrainedModel;
import io.streamad.trainer.train.TrainingSet;
import io.streamad.trainer.train.TrainingSets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Trains a sensor model on the first stretch of a time-series CSV and writes it, with its manifest,
 * under {@code <out>/sensor/<version>/}. The feature options must match the detector's
 * {@code streamad.sensors.*} configuration, or the detector refuses the model and says why.
 */
@Command(name = "train-sensors", mixinStandardHelpOptions = true,
        description = "Train a sensor model from a CSV (timestamp column, then one column per measurement).")
final class TrainSensorsCommand implements Callable<Integer> {

    @Option(names = "--csv", required = true, description = "Time series CSV with a header row.")
    Path csv;

    @Option(names = "--sensor-id", defaultValue = "sensor", description = "Key the readings belong to (default: ${DEFAULT-VALUE}).")
    String sensorId;

    @Option(names = "--measurements", split = ",", description = "Measurement columns to use, in order (default: all).")
    List<String> measurements;

    @Option(names = "--fraction", defaultValue = "1.0", description = "Train on this first fraction of the rows (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--window", defaultValue = "" + SensorFeatureConfig.DEFAULT_WINDOW,
            description = "Short window in readings; must equal streamad.sensors.window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--long-memory", defaultValue = "" + SensorFeatureConfig.DEFAULT_LONG_MEMORY,
            description = "Long-run memory in readings; must equal streamad.sensors.long-memory (default: ${DEFAULT-VALUE}).")
    int longMemory;

    @Option(names = "--lags", description = "Previous readings as features; must equal streamad.sensors.lags "
            + "(default: " + SensorFeatureConfig.DEFAULT_LAGS + ", or the whole window if it is shorter, as in the detector).")
    Integer lags;

    @Option(names = "--seasonal-buckets", defaultValue = "" + SensorFeatureConfig.DEFAULT_SEASONAL_BUCKETS,
            description = "Slots of the day in the time-of-day profile, 0 for none; must equal "
                    + "streamad.sensors.seasonal-buckets (default: ${DEFAULT-VALUE}).")
    int seasonalBuckets;

    @Option(names = "--seasonal-memory", defaultValue = "P5D",
            description = "Time-of-day profile memory, ISO-8601; must equal streamad.sensors.seasonal-memory (default: ${DEFAULT-VALUE}).")
    Duration seasonalMemory;

    @Option(names = "--epochs", defaultValue = "100", description = "Most epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--out", defaultValue = "var/models", description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<SensorReading> readings;
        try (BufferedReader reader = Files.newBufferedReader(csv)) {
            readings = TimeSeriesCsv.read(csv.toString(), reader, sensorId);
        }
        if (readings.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no rows");
        }
        List<String> columns = measurements != null ? measurements
                : readings.get(0).getMeasurements().keySet().stream().sorted().toList();
        int rows = (int) Math.ceil(readings.size() * fraction);
        SensorFeatureExtractor extractor = new SensorFeatureExtractor(new SensorFeatureConfig(columns, window, longMemory,
                lags != null ? lags : SensorFeatureConfig.defaultLags(window), seasonalBuckets, seasonalMemory));
        TrainingSet data = TrainingSets.featurise("sensor", extractor, readings.subList(0, rows),
                SensorReading::getSensorId, SensorReading::getEventTime, "first " + rows + " rows of " + csv);
        try (TrainedModel model = new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(epochs)).train(data, null)) {
            Path dir = model.writeTo(out);
            System.out.printf("Wrote %s (features %s, %d rows, global threshold %.4g) to %s%n", model.manifest().version(),
                    extractor.schema().names(), data.size(), model.manifest().calibration().threshold(), dir);
        }
        return 0;
    }
}
