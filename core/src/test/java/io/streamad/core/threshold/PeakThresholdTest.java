package io.streamad.core.threshold;

import io.streamad.core.model.ThresholdCalibration;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The PEAK mode and the event cooldown. */
class PeakThresholdTest {

    private final ThresholdPolicy policy = new ThresholdPolicy(ThresholdPolicy.Mode.PEAK, 1.0, 400, 50, 0.1, 100, 4.0, 0, 0, 0);
    private final AdaptiveThreshold threshold = new AdaptiveThreshold(policy);
    private final ThresholdCalibration calibration = calibration(0.1, 2.0);
    private final Random random = new Random(5);

    private static ThresholdCalibration calibration(double median, double global) {
        return new ThresholdCalibration(0.999, global, Math.log(median), 1.0, Map.of(), 1000);
    }

    /** Log-normal scores around {@code median}, as reconstruction errors tend to be. */
    private ThresholdState fed(ThresholdState state, int scores, double median) {
        for (int i = 0; i < scores; i++) {
            threshold.decide(state, median * Math.exp(0.3 * random.nextGaussian()), calibration);
        }
        return state;
    }

    /** Scores at the median: never above the recent peak, so the cooldown runs out. */
    private void quiet(ThresholdState state, int scores) {
        for (int i = 0; i < scores; i++) {
            assertThat(threshold.decide(state, 0.1, calibration).anomaly()).isFalse();
        }
    }

    @Test
    void shouldUseTheGlobalThresholdWhileAKeyIsNew() {
        ThresholdState state = fed(new ThresholdState(), 49, 0.1);

        Decision d = threshold.decide(state, 1.9, calibration);

        assertThat(d.global()).isTrue();
        assertThat(d.threshold()).isEqualTo(2.0);
        assertThat(d.anomaly()).isFalse();
        assertThat(threshold.decide(state, 2.5, calibration).global()).isFalse();
    }

    @Test
    void shouldSetTheThresholdAtAFractionOfTheRecentPeak() {
        ThresholdState state = new ThresholdState();
        double[] scores = new double[1000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = 0.1 * Math.exp(0.3 * random.nextGaussian());
            threshold.decide(state, scores[i], calibration);
        }

        double current = threshold.current(state, calibration);

        // the memory is 400 scores in 16 blocks of 25: the peak spans the last 400 to 425 scores
        double lastFourHundred = java.util.Arrays.stream(scores, 600, 1000).max().orElseThrow();
        double lastFourHundredAndBlock = java.util.Arrays.stream(scores, 575, 1000).max().orElseThrow();
        assertThat(current).isBetween(lastFourHundred - 1e-6, lastFourHundredAndBlock + 1e-6);
        assertThat(threshold.decide(state, 0.12, calibration).anomaly()).isFalse();
        Decision spike = threshold.decide(state, 3.0, calibration);
        assertThat(spike.anomaly()).isTrue();
        assertThat(spike.global()).isFalse();
    }

    @Test
    void shouldStopAlertingOnWhatItHasJustSeenAndForgetItAfterItsMemory() {
        ThresholdState state = fed(new ThresholdState(), 1000, 0.1);
        assertThat(threshold.decide(state, 5.0, calibration).anomaly()).isTrue();

        // a smaller repeat of the incident within the memory is not news
        fed(state, 150, 0.1);
        assertThat(threshold.decide(state, 4.0, calibration).anomaly()).isFalse();

        // once both are older than the memory (plus one block), the key is back at its normal level
        fed(state, 450, 0.1);
        assertThat(threshold.current(state, calibration)).isLessThan(0.5);
        assertThat(threshold.decide(state, 4.0, calibration).anomaly()).isTrue();
    }

    @Test
    void shouldRaiseOneEventPerIncidentWithinTheCooldown() {
        ThresholdState state = fed(new ThresholdState(), 1000, 0.1);
        quiet(state, 100);
        int anomalies = 0;
        int events = 0;
        for (int i = 0; i < 100; i++) {
            Decision d = threshold.decide(state, 10.0 + 0.1 * i, calibration); // a rising incident: every score is new
            anomalies += d.anomaly() ? 1 : 0;
            events += d.event() ? 1 : 0;
        }
        assertThat(anomalies).isEqualTo(100);
        assertThat(events).isEqualTo(1);

        fed(state, 100, 0.1);
        Decision next = threshold.decide(state, 1000.0, calibration);
        assertThat(next.anomaly()).isTrue();
        assertThat(next.event()).isTrue();
    }

    @Test
    void shouldRaiseANewEventWhenAnIncidentEscalatesWithinTheCooldown() {
        ThresholdState state = fed(new ThresholdState(), 1000, 0.1);
        quiet(state, 100);
        Decision marginal = threshold.decide(state, 0.5, calibration);
        assertThat(marginal.event()).isTrue();
        quiet(state, 20);

        assertThat(threshold.decide(state, 1.9, calibration).event()).as("under 4 times the last event's score").isFalse();
        Decision serious = threshold.decide(state, 10.0, calibration);
        assertThat(serious.anomaly()).isTrue();
        assertThat(serious.event()).as("more than 4 times the last event's score").isTrue();
        assertThat(threshold.decide(state, 11.0, calibration).event()).isFalse();
    }

    @Test
    void shouldReportANonFiniteScoreAsAnAnomalyWithoutLearningFromIt() {
        ThresholdState state = fed(new ThresholdState(), 500, 0.1);
        quiet(state, 100);
        double before = threshold.current(state, calibration);

        Decision nan = threshold.decide(state, Double.NaN, calibration);

        assertThat(nan.anomaly()).isTrue();
        assertThat(nan.event()).isTrue();
        assertThat(threshold.current(state, calibration)).isEqualTo(before);
    }

    @Test
    void shouldNeverGoBelowTheFloor() {
        ThresholdState flat = fed(new ThresholdState(), 500, 1e-6);
        assertThat(threshold.current(flat, calibration)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void shouldCarryTheRecentPeakOverToANewModelsScale() {
        ThresholdState state = fed(new ThresholdState(), 1000, 0.1);
        double before = threshold.current(state, calibration);

        double after = threshold.current(state, calibration(0.01, 0.2));

        assertThat(after / before).isCloseTo(0.1, within(1e-3));
    }

    @Test
    void shouldStartADisturbedKeyAfreshOnANewModel() {
        ThresholdState state = fed(new ThresholdState(), 1000, 0.1);
        for (int i = 0; i < 200; i++) {
            threshold.decide(state, 100.0 * (i + 1), calibration);
        }

        Decision first = threshold.decide(state, 1.0, calibration(0.05, 0.4));

        assertThat(first.global()).isTrue();
        assertThat(first.threshold()).isEqualTo(0.4);
    }

    @Test
    void shouldSurviveSerialisation() {
        ThresholdState state = fed(new ThresholdState(), 777, 0.1);
        quiet(state, 100);
        assertThat(threshold.decide(state, 50.0, calibration).event()).isTrue();

        ThresholdState restored = ThresholdState.fromBytes(state.toBytes());

        assertThat(threshold.current(restored, calibration)).isEqualTo(threshold.current(state, calibration));
        assertThat(threshold.decide(restored, 60.0, calibration).event()).isFalse(); // still in the cooldown
    }
}
