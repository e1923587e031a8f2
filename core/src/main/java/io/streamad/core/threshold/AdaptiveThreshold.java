package io.streamad.core.threshold;

import io.streamad.core.model.ThresholdCalibration;
import io.streamad.core.model.ThresholdMath;

import java.util.Arrays;

/**
 * Decides whether a score is anomalous for its key, whether it raises an event, and learns from it.
 * Stateless: the key's memory is the {@link ThresholdState} passed in, which the caller keeps in a
 * changelogged store. The modes are described on {@link ThresholdPolicy}.
 *
 * <p>PEAK folds every finite score into the key's sliding maximum, anomalies included: a pattern that
 * recurs raises the threshold to itself and stops alerting, so a key cannot lock itself into alerting
 * for ever. BAND leaves anomalous scores out of its estimate, so a burst of anomalies cannot drag the
 * threshold up after itself; only when most of a key's recent scores are anomalous (a lasting change
 * of level rather than a burst) are they folded in, winsorised at the threshold, so the key adapts.
 */
public final class AdaptiveThreshold {

    /** Above this recent anomaly rate a key is taken to have changed regime, and learns from its anomalies. */
    static final double REGIME_CHANGE_RATE = 0.5;
    /** On a model change, keys with a recent anomaly rate above this start afresh. */
    static final double DISTURBED_RATE = 0.05;
    /**
     * On a model change, a BAND key whose own threshold lies more than this many of the old calibration's spreads above
     * its median error starts afresh: its band crept up over scores the old model could not explain (a new regime it
     * absorbed, alerting little), and carried over it would hide anomalies from a model that explains them. The global
     * threshold lies about 3 spreads above the median; a key that is merely noisier than most lies a few more.
     */
    static final double ABSORBED_SPREADS = 10.0;

    /** The likelihood mode folds a score capped at this multiple of the model's global threshold. */
    static final double FOLD_CAP = 10.0;

    private final ThresholdPolicy policy;

    public AdaptiveThreshold(ThresholdPolicy policy) {
        this.policy = policy;
    }

    public ThresholdPolicy policy() {
        return policy;
    }

    /** The threshold a score of this key would be compared with now. */
    public double current(ThresholdState state, ThresholdCalibration calibration) {
        adopt(state);
        rebase(state, calibration);
        if (state.scores < policy.minScores()) {
            return calibration.threshold();
        }
        double own = switch (policy.mode()) {
            case PEAK -> policy.k() * peak(state);
            case BAND -> Math.exp(state.logMean + policy.k() * Math.sqrt(state.logVar));
            case LIKELIHOOD -> likelihoodThreshold(state);
        };
        return Math.max(own, policy.floorRatio() * calibration.threshold());
    }

    /**
     * Compares {@code score} with the key's threshold, then folds it into the key's state. A score that
     * is not a finite number (the model failed on the row) is reported as an anomaly and never folded:
     * one NaN must not switch a key's alerts off for good.
     */
    public Decision decide(ThresholdState state, double score, ThresholdCalibration calibration) {
        return decide(state, score, 0, calibration);
    }

    /**
     * As {@link #decide(ThresholdState, double, ThresholdCalibration)}, for a record lying {@code beyondRange} (a share
     * of its key's span, see {@link io.streamad.core.feature.FeatureVector#beyondRange()}) outside everything its key
     * produced before: further than the policy's {@code range} makes it an anomaly, which raises an event even within
     * the cooldown, once the key has the {@code minScores} scores that give it a threshold of its own.
     */
    public Decision decide(ThresholdState state, double score, double beyondRange, ThresholdCalibration calibration) {
        return decide(state, score, beyondRange, 0, calibration);
    }

    /**
     * As {@link #decide(ThresholdState, double, double, ThresholdCalibration)}, for a record whose value has lasted
     * {@code stuckRun} readings, longer than any value of its key before (see
     * {@link io.streamad.core.feature.FeatureVector#stuckRun()}; 0 for none): more than the policy's {@code stuck}
     * makes it an anomaly, which raises an event by the incident rules, once the key has its own threshold.
     */
    public Decision decide(ThresholdState state, double score, double beyondRange, int stuckRun,
                           ThresholdCalibration calibration) {
        double threshold = current(state, calibration);
        boolean global = state.scores < policy.minScores();
        // a young key's span is still filling out: its range is trusted when its own threshold is
        boolean outOfRange = !global && policy.range() > 0 && beyondRange > policy.range();
        boolean stuck = !global && policy.stuck() > 0 && stuckRun > policy.stuck();
        state.sinceEvent = Math.min(state.sinceEvent + 1, Long.MAX_VALUE / 2);
        long calm = state.sinceAnomaly;
        if (!Double.isFinite(score)) {
            state.sinceAnomaly = 0;
            return new Decision(true, threshold, global, event(state, Double.POSITIVE_INFINITY, calm, outOfRange), outOfRange,
                    stuck);
        }
        boolean anomaly = score > threshold || outOfRange || stuck;
        state.sinceAnomaly = anomaly ? 0 : Math.min(calm + 1, ThresholdState.FAR_PAST);
        double alpha = alpha(state);
        state.anomalyRate += alpha * ((anomaly ? 1 : 0) - state.anomalyRate);
        if (policy.mode() == ThresholdPolicy.Mode.PEAK) {
            foldPeak(state, score);
            state.scores++;
        } else if (policy.mode() == ThresholdPolicy.Mode.LIKELIHOOD) {
            foldLikelihood(state, Math.min(score, FOLD_CAP * calibration.threshold()), score, alpha);
        } else if (!anomaly || state.anomalyRate > REGIME_CHANGE_RATE) {
            fold(state, Math.log(Math.min(score, threshold) + ThresholdMath.EPSILON), alpha);
        }
        return new Decision(anomaly, threshold, global, anomaly && event(state, score, calm, outOfRange), outOfRange, stuck);
    }

    /**
     * An anomaly raises an event unless the key raised one within the cooldown, this score is not more than
     * {@code escalation} times that one's, the key's last anomaly is fewer than {@code quiet} scores back
     * ({@code calm}: scores without an anomaly just before this one), and the record is within its key's range;
     * raising one restarts the cooldown.
     */
    private boolean event(ThresholdState state, double score, long calm, boolean outOfRange) {
        boolean newIncident = policy.quiet() > 0 && calm >= policy.quiet();
        if (state.sinceEvent <= policy.cooldown() && !(score > policy.escalation() * state.eventScore) && !newIncident
                && !outOfRange) {
            return false;
        }
        state.sinceEvent = 0;
        state.eventScore = (float) Math.min(score, Float.MAX_VALUE);
        return true;
    }

    /**
     * The score that would lift the mean of the key's last {@value ThresholdState#RECENT} scores (this one
     * included) {@code k} standard deviations above its long-run mean.
     */
    private double likelihoodThreshold(ThresholdState state) {
        int previous = (int) Math.min(state.scores, ThresholdState.RECENT - 1);
        double sum = 0;
        for (int i = 1; i <= previous; i++) {
            sum += state.recent[(int) Math.floorMod(state.scores - i, (long) ThresholdState.RECENT)];
        }
        double sd = Math.sqrt(state.var) + 1e-9 * Math.abs(state.mean);
        return (previous + 1) * (state.mean + policy.k() * sd) - sum;
    }

    /**
     * Folds a score into the key's distribution capped at {@value #FOLD_CAP} times the model's global threshold
     * (a high quantile of its errors on held-out normal data): one error millions of times the usual, such as a
     * spike's, would otherwise inflate the key's variance for thousands of scores and hide every anomaly after
     * it (NAB's ec2_disk_write_bytes_1ef3de: a threshold of 2e8 over scores of 1e-3 for 2,000 readings). The
     * recent scores the threshold averages keep the score itself.
     */
    private static void foldLikelihood(ThresholdState state, double folded, double score, double alpha) {
        double value = Math.min(folded, Float.MAX_VALUE);
        if (state.scores == 0) {
            state.mean = value;
            state.var = 0;
        } else {
            double diff = value - state.mean;
            double increment = alpha * diff;
            state.mean += increment;
            state.var = (1 - alpha) * (state.var + diff * increment);
        }
        state.recent[(int) Math.floorMod(state.scores, (long) ThresholdState.RECENT)] = (float) Math.min(score, Float.MAX_VALUE);
        state.scores++;
    }

    private int blockSize() {
        return Math.max(1, (policy.memory() + ThresholdState.BLOCKS - 1) / ThresholdState.BLOCKS);
    }

    /** The highest score over the key's last {@code memory} scores (to within one block). */
    private static double peak(ThresholdState state) {
        double peak = state.blockPeak;
        for (float p : state.peaks) {
            peak = Math.max(peak, p);
        }
        return peak;
    }

    private void foldPeak(ThresholdState state, double score) {
        state.blockPeak = (float) Math.max(state.blockPeak, Math.min(score, Float.MAX_VALUE));
        if (++state.blockFill >= blockSize()) {
            state.peaks[state.nextBlock] = state.blockPeak;
            state.nextBlock = (state.nextBlock + 1) % ThresholdState.BLOCKS;
            state.blockPeak = 0;
            state.blockFill = 0;
        }
    }

    private double alpha(ThresholdState state) {
        return Math.max(1.0 / (state.scores + 1), 2.0 / (policy.memory() + 1));
    }

    private static void fold(ThresholdState state, double logScore, double alpha) {
        if (state.scores == 0) {
            state.logMean = logScore;
            state.logVar = 0;
        } else {
            double diff = logScore - state.logMean;
            double increment = alpha * diff;
            state.logMean += increment;
            // Upper semi-variance, doubled: how far above its typical score a key goes. Reconstruction errors
            // have a long low tail in log space (near-perfect reconstructions) that says nothing about alerts.
            double above = Math.max(0, diff);
            state.logVar = (1 - alpha) * state.logVar + alpha * 2 * above * above;
        }
        state.scores++;
    }

    /**
     * Claims the state for this policy's mode. One last decided on under another mode was stored without
     * the fields this mode needs, so the key starts afresh, as a new key would.
     */
    private void adopt(ThresholdState state) {
        if (state.mode != policy.mode()) {
            if (state.mode != null) {
                state.restart();
            }
            state.mode = policy.mode();
        }
    }

    /** Whether a BAND key's threshold sits {@link #ABSORBED_SPREADS} spreads above the median of the calibration it was learnt under. */
    private boolean absorbed(ThresholdState state) {
        return state.mode == ThresholdPolicy.Mode.BAND && state.scores >= policy.minScores() && state.referenceStd > 0
                && state.logMean + policy.k() * Math.sqrt(state.logVar) - state.reference > ABSORBED_SPREADS * state.referenceStd;
    }

    /** A score in the old calibration's units, in the new one's: the same position in log space. */
    private static double mapScore(double score, double oldLogMedian, double newLogMedian, double scale) {
        if (score <= 0) {
            return score;
        }
        return Math.exp(newLogMedian + (Math.log(score + ThresholdMath.EPSILON) - oldLogMedian) * scale);
    }

    /**
     * Carries a key's history over to another model's calibration. The key keeps its position: its log
     * mean and spread are mapped from the old calibration's units (log median, log spread) into the new
     * one's, so a key that is normally noisier than most stays so and a swap raises no alert storm. A
     * key that was recently disturbed (more than {@link #DISTURBED_RATE} of its recent scores anomalous,
     * such as one adapting to a new regime), or in BAND mode one whose band has {@link #absorbed absorbed}
     * such a regime, starts afresh on the new model's global threshold instead: its history records what
     * the old model could not explain, and would blind it under a model retrained on exactly that.
     */
    private void rebase(ThresholdState state, ThresholdCalibration calibration) {
        if (state.reference == calibration.logMedian() && state.referenceStd == calibration.logStd()) {
            return;
        }
        if (state.scores > 0) {
            if (state.anomalyRate > DISTURBED_RATE || absorbed(state)) {
                state.scores = 0;
                state.anomalyRate = 0;
                Arrays.fill(state.peaks, 0f);
                Arrays.fill(state.recent, 0f);
                state.blockPeak = 0;
                state.blockFill = 0;
            } else {
                double scale = state.referenceStd > 0 && calibration.logStd() > 0
                        ? calibration.logStd() / state.referenceStd : 1;
                state.logMean = calibration.logMedian() + (state.logMean - state.reference) * scale;
                state.logVar *= scale * scale;
                for (int i = 0; i < state.peaks.length; i++) {
                    state.peaks[i] = (float) mapScore(state.peaks[i], state.reference, calibration.logMedian(), scale);
                }
                state.blockPeak = (float) mapScore(state.blockPeak, state.reference, calibration.logMedian(), scale);
                double ratio = Math.exp(calibration.logMedian() - state.reference);
                state.mean *= ratio;
                state.var *= ratio * ratio;
                for (int i = 0; i < state.recent.length; i++) {
                    state.recent[i] *= (float) ratio;
                }
            }
        }
        state.reference = calibration.logMedian();
        state.referenceStd = calibration.logStd();
    }
}
