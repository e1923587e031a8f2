package io.streamad.bench;

import io.streamad.avro.SensorReading;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.train.AutoencoderSpec;
import io.streamad.trainer.train.AutoencoderTrainer;
import io.streamad.trainer.train.TrainedModel;
import io.streamad.trainer.train.TrainingSet;
import io.streamad.trainer.train.TrainingSets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real sensor SavedModel for the benchmarks, trained by the trainer's code on the benchmark's own normal data. */
public final class BenchModels {

    /** The detector's default sensor features (application.yml): one measurement, window 32, 24 time-of-day slots. */
    public static final SensorFeatureConfig SENSORS = SensorFeatureConfig.of(List.of(SensorData.MEASUREMENT));

    private BenchModels() {
    }

    /** Trains on 40 sensors x 600 readings of {@code data}, writes the model under {@code root} and loads it for serving. */
    public static ScoringModel sensorModel(Path root) {
        SensorData data = SensorData.endingBeforeNow(40, 600);
        List<SensorReading> readings = new ArrayList<>();
        for (long i = 0; i < 600; i++) {
            for (int s = 0; s < data.sensors(); s++) {
                readings.add(data.reading(s, i));
            }
        }
        SensorFeatureExtractor extractor = new SensorFeatureExtractor(SENSORS);
        TrainingSet set = TrainingSets.featurise("sensor", extractor, readings, SensorReading::getSensorId,
                SensorReading::getEventTime, "bench sensors");
        Path dir;
        try (TrainedModel model = new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(20)).train(set, null)) {
            dir = model.writeTo(root);
        }
        return ModelLoader.load(dir, extractor.schema());
    }
}
