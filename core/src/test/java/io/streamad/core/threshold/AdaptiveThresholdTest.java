package io.streamad.core.threshold;

import io.streamad.core.model.ThresholdCalibration;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The BAND mode. */
class AdaptiveThresholdTest {

    private final AdaptiveThreshold threshold = new AdaptiveThreshold(
            new ThresholdPolicy(ThresholdPolicy.Mode.BAND, 4.0, 500, 50, 0.1, 0, 4.0, 0, 0, 0));
    private final ThresholdCalibration calibration = calibration(0.1, 2.0);
    private final Random random = new Random(11);

    private static ThresholdCalibration calibration(double median, double global) {
        return new ThresholdCalibration(0.999, global, Math.log(median), 1.0, Map.of(), 1000);
    }

    /** Log-normal scores around {@code median}, as reconstruction errors tend to be. */
    private double score(double median, double spread) {
        return median * Math.exp(spread * random.nextGaussian());
    }

    private ThresholdState fed(int scores, double median, double spread) {
        ThresholdState state = new ThresholdState();
        for (int i = 0; i < scores; i++) {
            threshold.decide(state, score(median, spread), calibration);
        }
        return state;
    }

    @Test
    void shouldUseTheGlobalThresholdWhileAKeyIsNew() {
        ThresholdState state = fed(49, 0.05, 0.3);

        Decision d = threshold.decide(state, 1.5, calibration);

        assertThat(d.global()).isTrue();
        assertThat(d.threshold()).isEqualTo(2.0);
        assertThat(d.anomaly()).isFalse();
        assertThat(threshold.decide(state, 2.5, calibration).anomaly()).isTrue();
    }

    @Test
    void shouldLearnEachKeysOwnLevel() {
        ThresholdState quiet = fed(2000, 0.05, 0.3);
        ThresholdState noisy = fed(2000, 0.5, 0.3);

        double quietThreshold = threshold.current(quiet, calibration);
        double noisyThreshold = threshold.current(noisy, calibration);

        assertThat(quietThreshold).isBetween(0.05 * Math.exp(0.3 * 3), 0.05 * Math.exp(0.3 * 5));
        assertThat(noisyThreshold).isGreaterThan(5 * quietThreshold);
        assertThat(threshold.decide(quiet, 0.6, calibration).anomaly()).isTrue();
        assertThat(threshold.decide(noisy, 0.6, calibration).anomaly()).isFalse();
    }

    @Test
    void shouldRarelyAlertOnScoresFromTheKeysOwnDistribution() {
        ThresholdState state = fed(1000, 0.2, 0.4);
        int alerts = 0;
        for (int i = 0; i < 10_000; i++) {
            alerts += threshold.decide(state, score(0.2, 0.4), calibration).anomaly() ? 1 : 0;
        }
        assertThat(alerts).isLessThan(30);
    }

    @Test
    void shouldNotLetABurstOfAnomaliesDragTheThresholdUp() {
        ThresholdState protectedState = fed(2000, 0.05, 0.3);
        double before = threshold.current(protectedState, calibration);

        for (int i = 0; i < 50; i++) {
            assertThat(threshold.decide(protectedState, 5.0, calibration).anomaly()).isTrue();
        }

        assertThat(threshold.current(protectedState, calibration)).isEqualTo(before);
    }

    @Test
    void shouldStillAdaptWhenTheLevelChangesForGood() {
        ThresholdState state = fed(2000, 0.05, 0.3);
        double before = threshold.current(state, calibration);
        for (int i = 0; i < 3000; i++) {
            threshold.decide(state, score(0.2, 0.3), calibration);
        }
        assertThat(threshold.current(state, calibration)).isGreaterThan(2 * before);
    }

    @Test
    void shouldReportANonFiniteScoreAsAnAnomalyWithoutLearningFromIt() {
        ThresholdState state = fed(500, 0.05, 0.3);
        double before = threshold.current(state, calibration);

        assertThat(threshold.decide(state, Double.NaN, calibration).anomaly()).isTrue();
        assertThat(threshold.current(state, calibration)).isEqualTo(before);
        assertThat(threshold.decide(state, 1e6, calibration).anomaly()).isTrue();
    }

    @Test
    void shouldNeverGoBelowTheFloor() {
        ThresholdState flat = fed(500, 1e-6, 0.01);
        assertThat(threshold.current(flat, calibration)).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void shouldCarryAKeysPositionOverToANewModelsScale() {
        ThresholdState state = fed(2000, 0.1, 0.3);
        double before = threshold.current(state, calibration);

        ThresholdCalibration tenTimesSmaller = calibration(0.01, 0.2);
        double after = threshold.current(state, tenTimesSmaller);

        assertThat(after / before).isCloseTo(0.1, within(1e-6));
        assertThat(state.scores()).isEqualTo(2000);
    }

    @Test
    void shouldRaiseNoAlertStormOnANoisyKeyWhenTheModelIsRetrained() {
        // a key steadily far above the model's typical error, with its own tight spread
        ThresholdState state = fed(3000, 0.1 * Math.exp(3.5), 0.05);
        ThresholdCalibration retrained = new ThresholdCalibration(0.999, 2.0, Math.log(0.1) + 1e-6, 1.0, Map.of(), 1000);
        int alerts = 0;
        for (int i = 0; i < 3000; i++) {
            alerts += threshold.decide(state, score(0.1 * Math.exp(3.5), 0.05), retrained).anomaly() ? 1 : 0;
        }
        assertThat(alerts).isLessThan(5);
    }

    @Test
    void shouldScaleAKeysSpreadIntoTheNewModelsUnits() {
        ThresholdState state = fed(2000, 0.1, 0.3);
        double before = threshold.current(state, calibration);

        ThresholdCalibration twiceTheSpread = new ThresholdCalibration(0.999, 2.0, Math.log(0.1), 2.0, Map.of(), 1000);

        // same median: the key's distance above it doubles with the spread
        assertThat(Math.log(threshold.current(state, twiceTheSpread) / 0.1)).isCloseTo(2 * Math.log(before / 0.1), within(1e-6));
    }

    @Test
    void shouldStartAKeyThatWasAdaptingToANewRegimeAfreshOnANewModel() {
        ThresholdState state = fed(2000, 0.05, 0.3);
        for (int i = 0; i < 600; i++) {
            threshold.decide(state, score(5.0, 0.3), calibration);
        }
        assertThat(threshold.current(state, calibration)).isGreaterThan(2.0);

        ThresholdCalibration retrained = calibration(0.05, 0.4);
        Decision first = threshold.decide(state, 1.0, retrained);

        assertThat(first.global()).isTrue();
        assertThat(first.threshold()).isEqualTo(0.4);
        assertThat(first.anomaly()).isTrue();
    }

    @Test
    void shouldStartAKeyWhoseBandCreptOverANewRegimeAfreshOnANewModel() {
        // a key whose scores drift up slowly, a factor e^12 in all: the band follows with hardly an alert
        ThresholdState state = fed(2000, 0.1, 0.3);
        int alerts = 0;
        for (int i = 0; i < 24_000; i++) {
            alerts += threshold.decide(state, score(0.1 * Math.exp(12.0 * i / 24_000), 0.3), calibration).anomaly() ? 1 : 0;
        }
        assertThat(alerts).isLessThan(100);
        assertThat(threshold.current(state, calibration)).isGreaterThan(2.0 * Math.exp(10));

        // a model retrained on that regime scores it low again: the key starts on the new global threshold, so a reading
        // ten times the new model's global threshold is an anomaly rather than one more score under a band carried over
        ThresholdCalibration retrained = calibration(0.08, 2.5);
        Decision spike = threshold.decide(state, 25.0, retrained);

        assertThat(spike.global()).isTrue();
        assertThat(spike.anomaly()).isTrue();
    }

    @Test
    void shouldSurviveSerialisation() {
        ThresholdState state = fed(300, 0.1, 0.3);
        ThresholdState restored = ThresholdState.fromBytes(state.toBytes());
        assertThat(threshold.current(restored, calibration)).isEqualTo(threshold.current(state, calibration));
        assertThat(state.toBytes()).hasSize(66);
    }
}
