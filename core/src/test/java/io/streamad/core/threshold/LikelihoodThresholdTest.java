package io.streamad.core.threshold;

import io.streamad.core.model.ThresholdCalibration;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The LIKELIHOOD mode. */
class LikelihoodThresholdTest {

    private final AdaptiveThreshold threshold = new AdaptiveThreshold(ThresholdPolicy.DEFAULT);
    /** As a trainer calibrates it: the global threshold is the 99.9th percentile of the normal errors. */
    private final ThresholdCalibration calibration = calibration(0.1, 0.1 * Math.exp(0.3 * 3.1));
    private final Random random = new Random(9);

    private static ThresholdCalibration calibration(double median, double global) {
        return new ThresholdCalibration(0.999, global, Math.log(median), 1.0, Map.of(), 1000);
    }

    private double noise() {
        return 0.1 * Math.exp(0.3 * random.nextGaussian());
    }

    private ThresholdState fed(int scores) {
        ThresholdState state = new ThresholdState();
        for (int i = 0; i < scores; i++) {
            threshold.decide(state, noise(), calibration);
        }
        return state;
    }

    /** A key with a long history that raised an event, then scored ten noisy scores: within the cooldown. */
    private ThresholdState tenScoresAfterAnEvent() {
        ThresholdState state = fed(3000);
        assertThat(threshold.decide(state, 5.0, calibration).event()).isTrue();
        for (int i = 0; i < 10; i++) {
            threshold.decide(state, noise(), calibration);
        }
        return state;
    }

    @Test
    void shouldBeTheDefault() {
        assertThat(ThresholdPolicy.DEFAULT.mode()).isEqualTo(ThresholdPolicy.Mode.LIKELIHOOD);
        assertThat(ThresholdPolicy.DEFAULT.k()).isEqualTo(5.0);
    }

    @Test
    void shouldReportTheScoreThatTipsTheRecentMeanOver() {
        ThresholdState state = fed(3000);
        double[] last = new double[4];
        for (int i = 0; i < 4; i++) {
            last[i] = noise();
            threshold.decide(state, last[i], calibration);
        }
        double tip = threshold.current(state, calibration);

        // the recent mean of the four previous and the tipping score sits k deviations above the mean
        double mean = state.mean;
        double sd = Math.sqrt(state.var);
        assertThat((last[0] + last[1] + last[2] + last[3] + tip) / 5).isCloseTo(mean + ThresholdPolicy.DEFAULT.k() * sd, within(1e-6));
        assertThat(threshold.decide(state, tip * 0.99, calibration).anomaly()).isFalse();
    }

    @Test
    void shouldRarelyFlagTheKeysOwnNoise() {
        ThresholdState state = fed(3000);
        int anomalies = 0;
        for (int i = 0; i < 10_000; i++) {
            anomalies += threshold.decide(state, noise(), calibration).anomaly() ? 1 : 0;
        }
        assertThat(anomalies).isLessThan(50);
    }

    @Test
    void shouldFlagASustainedRiseAndAHugeSingleScore() {
        ThresholdState state = fed(3000);
        // twice the usual error for a while: each score alone is within the noise's range...
        boolean flagged = false;
        for (int i = 0; i < 5; i++) {
            flagged |= threshold.decide(state, 0.3, calibration).anomaly();
        }
        assertThat(flagged).as("a run of high-ish scores").isTrue();

        ThresholdState fresh = fed(3000);
        Decision spike = threshold.decide(fresh, 5.0, calibration);
        assertThat(spike.anomaly()).isTrue();
        assertThat(spike.event()).isTrue();
        assertThat(spike.global()).isFalse();
    }

    @Test
    void shouldRaiseAnEventForASeparateIncidentWithinTheCooldown() {
        ThresholdState state = tenScoresAfterAnEvent();
        // the same incident: anomalous, no new page
        Decision again = threshold.decide(state, 5.0, calibration);
        assertThat(again.anomaly()).isTrue();
        assertThat(again.event()).isFalse();

        for (int i = 0; i < 60; i++) {
            threshold.decide(state, noise(), calibration);
        }
        // quiet for more than 50 scores, still within the 200-score cooldown: a new incident pages
        assertThat(threshold.decide(state, 5.0, calibration).event()).isTrue();
    }

    @Test
    void shouldFlagAReadingBeyondTheKeysRangeWhateverItsScoreAndPageEvenWithinTheCooldown() {
        ThresholdState state = tenScoresAfterAnEvent();

        Decision within = threshold.decide(state, 0.1, 0.05, calibration);
        assertThat(within.anomaly()).as("5% beyond the range is the default tolerance").isFalse();
        assertThat(within.outOfRange()).isFalse();

        Decision beyond = threshold.decide(state, 0.1, 0.06, calibration);
        assertThat(beyond.anomaly()).isTrue();
        assertThat(beyond.outOfRange()).isTrue();
        assertThat(beyond.event()).as("a new extreme escalates the incident").isTrue();

        AdaptiveThreshold off = new AdaptiveThreshold(new ThresholdPolicy(ThresholdPolicy.Mode.LIKELIHOOD, 5.0, 2000,
                100, 0.25, 200, 4.0, 50, 0, 0));
        assertThat(off.decide(fed(300), 0.1, 100, calibration).anomaly()).as("range 0: never").isFalse();
        assertThat(threshold.decide(fed(99), 0.1, 100, calibration).anomaly()).as("a key without its own threshold").isFalse();
    }

    @Test
    void shouldFlagAValueLastingLongerThanEverWhateverItsScoreAndPageByTheIncidentRules() {
        Decision within = threshold.decide(fed(300), 0.1, 0, 100, calibration);
        assertThat(within.anomaly()).as("100 readings is the default allowance").isFalse();
        assertThat(within.stuck()).isFalse();

        Decision stuck = threshold.decide(fed(300), 0.1, 0, 101, calibration);
        assertThat(stuck.anomaly()).isTrue();
        assertThat(stuck.stuck()).isTrue();
        assertThat(stuck.outOfRange()).isFalse();
        assertThat(stuck.event()).as("a quiet key: a new incident").isTrue();

        ThresholdState incident = tenScoresAfterAnEvent();
        Decision again = threshold.decide(incident, 0.1, 0, 140, calibration);
        assertThat(again.anomaly()).isTrue();
        assertThat(again.event()).as("within the cooldown of an incident: no new page").isFalse();

        AdaptiveThreshold off = new AdaptiveThreshold(new ThresholdPolicy(ThresholdPolicy.Mode.LIKELIHOOD, 5.0, 2000,
                100, 0.25, 200, 4.0, 50, 0.05, 0));
        assertThat(off.decide(fed(300), 0.1, 0, 1000, calibration).anomaly()).as("stuck 0: never").isFalse();
        assertThat(threshold.decide(fed(99), 0.1, 0, 1000, calibration).anomaly()).as("a key without its own threshold").isFalse();
    }

    @Test
    void shouldNotBeBlindedByOneHugeScore() {
        ThresholdState state = fed(3000);
        double before = threshold.current(state, calibration);
        assertThat(threshold.decide(state, 1e6, calibration).event()).isTrue();
        for (int i = 0; i < 300; i++) {
            threshold.decide(state, noise(), calibration);
        }

        // folded at most FOLD_CAP global thresholds, the spike widens the key's spread a little, not a millionfold
        assertThat(threshold.current(state, calibration)).isLessThan(3 * before);
        assertThat(threshold.decide(state, 5.0, calibration).event()).as("the next incident, 300 scores on").isTrue();
    }

    @Test
    void shouldLearnALastingNewLevel() {
        ThresholdState state = fed(3000);
        int early = 0;
        int late = 0;
        for (int i = 0; i < 8000; i++) {
            boolean anomaly = threshold.decide(state, 3 * noise(), calibration).anomaly();
            if (i < 200) {
                early += anomaly ? 1 : 0;
            } else if (i >= 7000) {
                late += anomaly ? 1 : 0;
            }
        }
        assertThat(early).as("the new level flagged at first").isGreaterThan(10);
        assertThat(late).isLessThan(10);
    }

    @Test
    void shouldCarryTheKeysLevelOverToANewModelsScale() {
        ThresholdState state = fed(3000);
        double before = threshold.current(state, calibration);

        double after = threshold.current(state, calibration(0.01, 0.01 * Math.exp(0.3 * 3.1)));

        assertThat(after / before).isCloseTo(0.1, within(1e-3));
    }

    @Test
    void shouldSurviveSerialisation() {
        ThresholdState state = fed(777);
        ThresholdState restored = ThresholdState.fromBytes(state.toBytes());
        assertThat(threshold.current(restored, calibration)).isCloseTo(threshold.current(state, calibration), within(1e-6));
        assertThat(state.toBytes()).hasSize(86);
    }
}
