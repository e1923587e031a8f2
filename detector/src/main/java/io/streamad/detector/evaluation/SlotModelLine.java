package io.streamad.detector.evaluation;

import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.model.ThresholdCalibration;
import io.streamad.detector.model.ModelSlot;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ScoringModel;
import io.streamad.trainer.service.ModelLine;
import io.streamad.trainer.train.TrainedModel;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The replay's stand-in for the models topic: an accepted candidate is written as a SavedModel, loaded
 * and checked by the same {@link ModelLoader} as in service, and installed in the topology's model slot,
 * so the next batch is scored by it.
 */
final class SlotModelLine implements ModelLine, AutoCloseable {

    private final ModelSlot slot;
    private final FeatureSchema schema;
    private final Path workDir;
    private ScoringModel current;

    SlotModelLine(ModelSlot slot, FeatureSchema schema, Path workDir) {
        this.slot = slot;
        this.schema = schema;
        this.workDir = workDir;
    }

    @Override
    public synchronized boolean has(String family) {
        return current != null;
    }

    @Override
    public synchronized Optional<ScoringModel> serving(String family) {
        return current != null && current.retain() ? Optional.of(current) : Optional.empty();
    }

    @Override
    public synchronized boolean publish(String family, TrainedModel candidate) {
        ScoringModel loaded = ModelLoader.load(candidate.writeTo(workDir), schema);
        loaded.retain();
        slot.install(loaded);
        if (current != null) {
            current.release();
        }
        current = loaded;
        return true;
    }

    /** The calibration of the serving model, if {@code version} is the one serving. */
    synchronized Optional<ThresholdCalibration> calibration(String version) {
        return current != null && current.version().equals(version)
                ? Optional.of(current.manifest().calibration()) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.release();
            current = null;
        }
    }
}
