package io.streamad.core.threshold;

/**
 * The outcome of comparing one score with its key's threshold.
 *
 * @param anomaly    whether the score passed the threshold, the record lay beyond its key's range, or its value had
 *                   lasted longer than ever (see {@code outOfRange} and {@code stuck})
 * @param threshold  the threshold it was compared with
 * @param global     true when the key had too few scores and the global threshold was used
 * @param event      whether this anomaly raises an anomaly event: false for a normal score and for an
 *                   anomaly within the key's cooldown after its last event (the same incident)
 * @param outOfRange whether the record lay further beyond everything its key produced before than the policy's
 *                   {@code range} allows (an anomaly whatever its score)
 * @param stuck      whether the record's value had lasted longer than the policy's {@code stuck} readings and than
 *                   any value of its key before (an anomaly whatever its score)
 */
public record Decision(boolean anomaly, double threshold, boolean global, boolean event, boolean outOfRange,
                       boolean stuck) {
}
