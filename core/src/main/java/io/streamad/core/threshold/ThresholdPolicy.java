package io.streamad.core.threshold;

import java.util.Locale;

/**
 * How per-key thresholds are learned, and how often a key may raise an anomaly event.
 *
 * <p>{@link Mode#LIKELIHOOD} (the default, after HTM's anomaly likelihood): a score is anomalous when the
 * mean of the key's last {@value ThresholdState#RECENT} scores, this one included, lies more than {@code k}
 * standard deviations above the key's exponentially weighted mean score (memory {@code memory} scores,
 * anomalies included): sustained unusual error rather than one noisy row, judged against how noisy the key's
 * errors usually are. The threshold reported is the score that would tip the mean over.
 * {@link Mode#PEAK}: {@code k} times the highest score the key produced over its last {@code memory} scores,
 * anomalies included: a score beyond everything recent. {@link Mode#BAND}: {@code exp(mean + k * sd)} of the
 * key's recent normal log scores, where {@code sd} is their upper semi-deviation; anomalies are left out, so
 * only a retrained model absorbs a new pattern. In LIKELIHOOD and PEAK, what recurs raises the threshold to
 * itself and stops alerting, so no key locks itself into alerting for ever.
 *
 * <p>In every mode a key uses the model's global threshold until it has {@code minScores} scores of its
 * own, and a key's threshold never drops below {@code floorRatio} times the global one. After an anomaly
 * event, further anomalies of the key within {@code cooldown} scores are still marked ANOMALY on the scored
 * record but raise no new event: they are the same incident, and one incident pages once. Unless the
 * incident escalates: an anomaly scoring more than {@code escalation} times the score that raised the last
 * event raises a new one (a marginal alarm must not mask a serious incident that follows it). And an incident
 * ends when the key has gone {@code quiet} scores without an anomaly: the next anomaly opens a new incident and
 * raises an event even within the cooldown (a second, separate fault must page too).
 *
 * <p>Whatever its score, a record that lies more than {@code range} times its key's span (lowest to highest
 * reading so far) outside that span is an anomaly, and raises an event even within the cooldown: a value the key
 * never produced before is news, and a new extreme during an incident escalates it (after the spatial check of
 * NAB's HTM detector, tolerance 5%). A key's range counts from its {@code minScores}-th score, as its own
 * threshold does. Only extractors that keep a range report one (sensors, not card transactions, where a card's
 * first large purchase is routine).
 *
 * <p>Likewise a record whose value has lasted more than {@code stuck} readings, and longer than any value of its
 * key lasted before, is an anomaly whatever its score: a sensor stuck for longer than ever (a frozen transmitter, a
 * dead probe, a machine that stopped). Unlike a range anomaly it follows the incident rules above, so a stuck
 * stretch opens one incident rather than paging at every reading; like any lasting anomaly, a key that stays stuck
 * pages again after each {@code cooldown}. It counts from the key's {@code minScores}-th score too (so also a key
 * restarted after a model swap waits that long), and only extractors that keep runs report them (sensors).
 *
 * @param mode       how the threshold follows the key's scores
 * @param k          LIKELIHOOD: standard deviations of the score; PEAK: multiple of the recent peak; BAND: width
 *                   of the band in log-score deviations
 * @param memory     how many recent scores the threshold rests on
 * @param minScores  scores a key needs before its own threshold replaces the global one
 * @param floorRatio lower bound of a key's threshold, as a fraction of the global threshold
 * @param cooldown   scores after an anomaly event during which the key raises no new event; 0 for none
 * @param escalation within the cooldown, a score this many times the last event's raises a new event
 * @param quiet      within the cooldown, an anomaly after this many scores without one raises a new event; 0 for never
 * @param range      a record further outside its key's range than this share of it is an anomaly; 0 for never
 * @param stuck      a record whose value lasted more readings than this, and longer than any before, is an anomaly;
 *                   0 for never
 */
public record ThresholdPolicy(Mode mode, double k, int memory, int minScores, double floorRatio, int cooldown,
                              double escalation, int quiet, double range, int stuck) {

    /** How a key's threshold follows its scores. */
    public enum Mode {
        /** {@code k} times the highest recent score. */
        PEAK,
        /** An upper band over the recent normal log scores. */
        BAND,
        /** The mean of the last few scores, {@code k} standard deviations above the key's long-run mean score. */
        LIKELIHOOD;

        public static Mode parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("threshold mode must be 'peak', 'band' or 'likelihood', was '" + name + "'");
            }
        }
    }

    public static final ThresholdPolicy DEFAULT = new ThresholdPolicy(Mode.LIKELIHOOD, 5.0, 2000, 100, 0.25, 200, 4.0, 50, 0.05, 100);

    public ThresholdPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (!(k > 0)) {
            throw new IllegalArgumentException("k must be positive, was " + k);
        }
        if (memory < 2 || minScores < 1) {
            throw new IllegalArgumentException("memory must be >= 2 and minScores >= 1");
        }
        if (floorRatio < 0) {
            throw new IllegalArgumentException("floorRatio must not be negative, was " + floorRatio);
        }
        if (cooldown < 0) {
            throw new IllegalArgumentException("cooldown must not be negative, was " + cooldown);
        }
        if (!(escalation > 1)) {
            throw new IllegalArgumentException("escalation must be above 1, was " + escalation);
        }
        if (quiet < 0) {
            throw new IllegalArgumentException("quiet must not be negative, was " + quiet);
        }
        if (!(range >= 0) || Double.isInfinite(range)) {
            throw new IllegalArgumentException("range must be a number >= 0, was " + range);
        }
        if (stuck < 0) {
            throw new IllegalArgumentException("stuck must not be negative, was " + stuck);
        }
    }
}
