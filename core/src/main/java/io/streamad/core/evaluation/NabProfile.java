package io.streamad.core.evaluation;

import java.util.List;

/**
 * One of NAB's cost profiles (its {@code config/profiles.json}): what a detected window earns, what a
 * missed window costs, and what a false positive costs.
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
    public static final NabProfile REWARD_LOW_FP_RATE = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final NabProfile REWARD_LOW_FN_RATE = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** The three profiles NAB reports, in its order. */
    public static final List<NabProfile> ALL = List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);

    /**
     * NAB's normalised score: 0 for the null detector (nothing detected: every window missed), 100 for
     * the perfect one (every window detected at its first row).
     *
     * @param rawTotal the sum of {@link NabScorer.FileScore#score()} over the corpus
     * @param windows  the number of labelled windows in the corpus
     */
    public double normalise(double rawTotal, int windows) {
        double nullScore = -fnWeight * windows;
        double perfect = tpWeight * windows;
        if (perfect == nullScore) {
            return 0;
        }
        return 100 * (rawTotal - nullScore) / (perfect - nullScore);
    }
}
