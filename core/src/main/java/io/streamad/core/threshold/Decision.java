package io.streamad.core.threshold;

/**
 * The outcome of comparing one score with its key's threshold.
 *
 * @param anomaly   whether the score passed the threshold
 * @param threshold the threshold it was compared with
 * @param global    true when the key had too few scores and the global threshold was used
 * @param event     whether this anomaly raises an anomaly event: false for a normal score and for an
 *                  anomaly within the key's cooldown after its last event (the same incident)
 */
public record Decision(boolean anomaly, double threshold, boolean global, boolean event) {
}
