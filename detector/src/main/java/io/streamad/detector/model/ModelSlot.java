package io.streamad.detector.model;

import io.streamad.trainer.model.ScoringModel;
import io.streamad.core.model.ModelManifest;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model currently serving one family. A scoring batch leases the model for its whole run, so a
 * swap takes effect between batches: no batch is scored half by one model and half by another.
 */
public final class ModelSlot implements AutoCloseable {

    private final String family;
    private final AtomicReference<ScoringModel> current = new AtomicReference<>();
    private volatile boolean closed;

    public ModelSlot(String family) {
        this.family = family;
    }

    public String family() {
        return family;
    }

    /** The serving model for one batch. Close it when the batch is done; closing twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final ScoringModel model;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        private Lease(ScoringModel model) {
            this.model = model;
        }

        public ScoringModel model() {
            return model;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                model.release();
            }
        }
    }

    /** Leases the current model, or returns empty while there is none. */
    public Optional<Lease> acquire() {
        while (true) {
            ScoringModel model = current.get();
            if (model == null) {
                return Optional.empty();
            }
            if (model.retain()) {
                return Optional.of(new Lease(model));
            }
            // swapped and closed between get and retain: read the new one
        }
    }

    /** Makes {@code model} the serving one; the previous one closes once its last batch is done. */
    public void install(ScoringModel model) {
        if (closed) {
            model.release();
            return;
        }
        ScoringModel previous = current.getAndSet(model);
        if (previous != null) {
            previous.release();
        }
    }

    public Optional<ModelManifest> manifest() {
        return Optional.ofNullable(current.get()).map(ScoringModel::manifest);
    }

    @Override
    public void close() {
        closed = true;
        ScoringModel previous = current.getAndSet(null);
        if (previous != null) {
            previous.release();
        }
    }
}
