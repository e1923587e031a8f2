package io.streamad.detector;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.SensorReading;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.trainer.train.AutoencoderSpec;
import io.streamad.trainer.train.AutoencoderTrainer;
import io.streamad.trainer.train.TrainedModel;
import io.streamad.trainer.train.TrainingSet;
import io.streamad.trainer.train.TrainingSets;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Real, small SavedModels trained by the trainer's code on synthetic normal data, for tests. */
public final class TestModels {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    public static final SensorFeatureConfig SENSORS = new SensorFeatureConfig(List.of("temp"), 16, 200);

    private TestModels() {
    }

    /** A noisy daily cycle with a per-sensor level and amplitude: the normal behaviour of test sensors. */
    public static SensorReading normalReading(String sensor, int i, Random random) {
        int s = Math.abs(sensor.hashCode() % 7);
        double level = 40 + 5 * s;
        double value = level + (2 + s) * Math.sin(2 * Math.PI * i / 288.0) + 0.4 * random.nextGaussian();
        return reading(sensor, i, value);
    }

    public static SensorReading reading(String sensor, int i, double value) {
        return new SensorReading(sensor, START.plus(Duration.ofMinutes(5L * i)), Map.of("temp", value));
    }

    /** Trains a sensor model on {@code perSensor} normal readings of each sensor and writes it under {@code root}. */
    public static Path sensorModel(Path root, List<String> sensors, int perSensor, SensorFeatureConfig config) {
        Random random = new Random(1);
        List<SensorReading> readings = new ArrayList<>();
        for (int i = 0; i < perSensor; i++) {
            for (String sensor : sensors) {
                SensorReading r = normalReading(sensor, i, random);
                Map<String, Double> values = new java.util.HashMap<>(r.getMeasurements());
                // measurements beyond "temp" (a model for other features) follow it with their own noise
                config.measurements().forEach(m -> values.computeIfAbsent(m, k -> 0.5 * r.getMeasurements().get("temp")
                        + random.nextGaussian()));
                readings.add(new SensorReading(sensor, r.getEventTime(), values));
            }
        }
        TrainingSet data = TrainingSets.featurise("sensor", new SensorFeatureExtractor(config), readings,
                SensorReading::getSensorId, SensorReading::getEventTime, "synthetic sensors");
        return train(root, data);
    }

    /**
     * Trains a transaction model on the first {@code days} simulated days of {@code simulator}, the way
     * a deployment trains on the history it has (a few frauds included).
     */
    public static Path transactionModel(Path root, CardSimulator simulator, int days) {
        Instant end = START.plus(Duration.ofDays(days));
        List<CardTransaction> txns = new ArrayList<>();
        for (CardSimulator.Labelled next = simulator.next(); next.transaction().getEventTime().isBefore(end);
             next = simulator.next()) {
            txns.add(next.transaction());
        }
        TrainingSet data = TrainingSets.featurise("transaction", new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT),
                txns, CardTransaction::getCardId, CardTransaction::getEventTime, "simulated transactions");
        return train(root, data);
    }

    private static Path train(Path root, TrainingSet data) {
        AutoencoderTrainer trainer = new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(40));
        try (TrainedModel model = trainer.train(data, null)) {
            return model.writeTo(root);
        }
    }
}
