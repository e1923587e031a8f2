package io.streamad.detector.topology;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.detector.TestModels;
import io.streamad.trainer.model.ModelLoader;

import java.nio.file.Path;
import java.util.List;

/**
 * What the detector emits for a stream when nothing goes wrong: the same topology and model in a
 * {@code TopologyTestDriver}, one uninterrupted task. Reliability tests compare a crashed, rebalanced or
 * bounced run with it: per-key state that was lost or applied twice shows up as different scores.
 */
public final class ReferenceRun {

    private ReferenceRun() {
    }

    /** The scores and anomaly events of {@code readings}, in order, with the model in {@code modelDir}. */
    public static Outputs sensors(Path stateDir, Path modelDir, List<SensorReading> readings) {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, 256)) {
            fixture.sensorModels.install(ModelLoader.load(modelDir, new SensorFeatureExtractor(TestModels.SENSORS).schema()));
            for (int i = 0; i < readings.size(); i++) {
                fixture.send(readings.get(i));
                if (i % 1000 == 999) {
                    fixture.flush();
                }
            }
            fixture.flush();
            return new Outputs(fixture.scores.readValuesToList(), fixture.anomalies.readValuesToList());
        }
    }

    /** Outputs of a reference run. */
    public record Outputs(List<ScoredRecord> scores, List<AnomalyEvent> anomalies) {
    }
}
