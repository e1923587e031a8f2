package io.streamad.trainer.model;

import java.nio.file.Path;

/** A model that must not score: its manifest, signature or outputs do not match what the detector computes. */
public final class ModelRejectedException extends RuntimeException {

    private final String reason;

    public ModelRejectedException(Path dir, String reason) {
        this(dir, reason, null);
    }

    public ModelRejectedException(Path dir, String reason, Throwable cause) {
        super("model " + dir + " rejected: " + reason, cause);
        this.reason = reason;
    }

    /** The mismatch, without the location. */
    public String reason() {
        return reason;
    }
}
