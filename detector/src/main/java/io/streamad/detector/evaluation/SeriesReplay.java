package io.streamad.detector.evaluation;

import io.streamad.avro.SensorReading;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.source.Sources;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.TrainerConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays one series through the real scoring topology with the trainer's loop beside it
 * ({@link ReplayDriver}): its history first, unjudged, then the readings judged.
 */
final class SeriesReplay {

    private static final String FAMILY = "sensor";

    private final TopologySettings template;
    private final TrainerConfig trainer;
    private final Path workDir;

    /**
     * @param template the topology settings; the sensor measurements are replaced by each series' own
     * @param trainer  the trainer settings whose loop is simulated
     * @param workDir  where trained models and state stores go
     */
    SeriesReplay(TopologySettings template, TrainerConfig trainer, Path workDir) {
        this.template = template;
        this.trainer = trainer;
        this.workDir = workDir;
    }

    SeriesResult run(Series series, int index) throws Exception {
        long started = System.nanoTime();
        Path dir = Files.createDirectories(workDir.resolve(String.format("%03d", index)));
        SensorFeatureConfig features = template.sensors().withMeasurements(series.measurements());
        TopologySettings settings = new TopologySettings(template.topics(), features, template.transactions(),
                template.threshold(), template.batching(), false, template.input(), Sources.NONE);
        int n = series.readings().size();
        try (ReplayDriver replay = new ReplayDriver(settings, trainer, FAMILY, new SensorFeatureExtractor(features).schema(),
                dir, series.history().size(), n)) {
            AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
            for (SensorReading reading : series.history()) {
                send(replay, serde, reading);
            }
            for (SensorReading reading : series.readings()) {
                send(replay, serde, reading);
            }
            replay.finish(series.name());
            double[] values = new double[n];
            String first = series.measurements().get(0);
            for (int i = 0; i < n; i++) {
                values[i] = series.readings().get(i).getMeasurements().get(first);
            }
            return new SeriesResult(series, values, replay.scores, replay.thresholds, replay.verdicts, replay.alerts,
                    replay.models, replay.rules, replay.trainings(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static void send(ReplayDriver replay, AvroSerde<SensorReading> serde, SensorReading reading) {
        replay.send(reading.getSensorId().getBytes(StandardCharsets.UTF_8), serde.encode(reading),
                reading.getEventTime().toEpochMilli());
    }
}
