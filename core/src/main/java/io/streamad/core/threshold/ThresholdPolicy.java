package io.streamad.core.threshold;

/**
 * How per-key thresholds are learned.
 *
 * <p>A key's threshold is {@code exp(mean + k * sd)} of its recent log scores, where {@code sd} is the
 * upper semi-deviation (how far above their mean the scores go), exponentially weighted with a memory
 * of {@code memory} scores. A key uses the model's global threshold
 * until it has {@code minScores} scores of its own. A per-key threshold never drops below
 * {@code floorRatio} times the global one, so a very quiet key does not alert on noise.
 *
 * @param k          width of the band in standard deviations of the log score
 * @param memory     how many recent scores the estimate mostly rests on
 * @param minScores  scores a key needs before its own threshold replaces the global one
 * @param floorRatio lower bound of a key's threshold, as a fraction of the global threshold
 */
public record ThresholdPolicy(double k, int memory, int minScores, double floorRatio) {

    public static final ThresholdPolicy DEFAULT = new ThresholdPolicy(3.5, 1000, 100, 0.5);

    public ThresholdPolicy {
        if (!(k > 0)) {
            throw new IllegalArgumentException("k must be positive, was " + k);
        }
        if (memory < 2 || minScores < 1) {
            throw new IllegalArgumentException("memory must be >= 2 and minScores >= 1");
        }
        if (floorRatio < 0) {
            throw new IllegalArgumentException("floorRatio must not be negative, was " + floorRatio);
        }
    }
}
