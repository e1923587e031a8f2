package io.streamad.core.threshold;

import io.streamad.core.model.ThresholdCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdStateTest {

    private static final ThresholdCalibration CALIBRATION = ThresholdCalibration.fit(
            new Random(3).doubles(500, 0.05, 0.2).toArray(), 0.99);

    private static AdaptiveThreshold threshold(ThresholdPolicy.Mode mode) {
        return new AdaptiveThreshold(new ThresholdPolicy(mode, 3.0, 500, 50, 0.25, 100, 4.0, 50, 0.05, 0));
    }

    private static ThresholdState fed(AdaptiveThreshold threshold, int scores) {
        Random random = new Random(7);
        ThresholdState state = new ThresholdState();
        for (int i = 0; i < scores; i++) {
            threshold.decide(state, 0.1 + 0.02 * random.nextGaussian() + (i % 97 == 0 ? 1.0 : 0), CALIBRATION);
        }
        return state;
    }

    @ParameterizedTest
    @CsvSource({"LIKELIHOOD, 86", "PEAK, 126", "BAND, 66"})
    void shouldStoreOnlyTheFieldsOfTheModeThatDecidedAndDecideTheSameAfterReadingThemBack(ThresholdPolicy.Mode mode, int bytes) {
        // given
        AdaptiveThreshold threshold = threshold(mode);
        ThresholdState state = fed(threshold, 700);

        // when
        ThresholdState restored = ThresholdState.fromBytes(state.toBytes());

        // then
        assertThat(state.toBytes()).hasSize(bytes);
        for (double score : new double[] {0.1, 0.5, 2.0, 0.11}) {
            assertThat(threshold.decide(restored, score, CALIBRATION)).isEqualTo(threshold.decide(state, score, CALIBRATION));
        }
        assertThat(restored.toBytes()).isEqualTo(state.toBytes());
    }

    @Test
    void shouldReadTheFullLayoutWrittenBeforeThePerModeEncoding() {
        // given: a key stored by a detector that wrote every mode's fields (173 bytes, format 4)
        AdaptiveThreshold threshold = threshold(ThresholdPolicy.Mode.LIKELIHOOD);
        ThresholdState state = fed(threshold, 700);
        byte[] full = state.fullBytes();

        // when
        ThresholdState restored = ThresholdState.fromBytes(full);

        // then: it carries on where it was, and is stored compactly from then on
        assertThat(full).hasSize(173);
        assertThat(restored.scores()).isEqualTo(700);
        assertThat(threshold.decide(restored, 0.3, CALIBRATION)).isEqualTo(threshold.decide(state, 0.3, CALIBRATION));
        assertThat(restored.toBytes()).hasSize(86);
    }

    @Test
    void shouldReadTheLayoutWrittenBeforeTheScoresSinceTheLastAnomalyWereKept() {
        // given: the same key as format 5 wrote it, without the 4-byte count after the reference spread
        AdaptiveThreshold threshold = threshold(ThresholdPolicy.Mode.LIKELIHOOD);
        ThresholdState state = fed(threshold, 700);
        byte[] current = state.toBytes();
        int at = 46;
        byte[] old = new byte[current.length - 4];
        System.arraycopy(current, 0, old, 0, at);
        System.arraycopy(current, at + 4, old, at, current.length - at - 4);
        old[0] = ThresholdState.COMPACT_WITHOUT_CALM;

        // when
        ThresholdState restored = ThresholdState.fromBytes(old);

        // then: everything but the count carries over; the last anomaly is taken to be long past
        assertThat(old).hasSize(82);
        assertThat(restored.scores()).isEqualTo(700);
        assertThat(restored.sinceAnomaly).isEqualTo(ThresholdState.FAR_PAST);
        assertThat(threshold.decide(restored, 0.1, CALIBRATION)).isEqualTo(threshold.decide(state, 0.1, CALIBRATION));
    }

    @Test
    void shouldStartAKeyAfreshWhenItsStateWasStoredUnderAnotherMode() {
        byte[] peak = fed(threshold(ThresholdPolicy.Mode.PEAK), 700).toBytes();

        ThresholdState read = ThresholdState.fromBytes(peak);
        Decision decision = threshold(ThresholdPolicy.Mode.LIKELIHOOD).decide(read, 0.1, CALIBRATION);

        assertThat(decision.global()).isTrue();
        assertThat(decision.threshold()).isEqualTo(CALIBRATION.threshold());
        assertThat(read.scores()).isEqualTo(1);
    }

    @Test
    void shouldStartAKeyAfreshOnAnUnknownLayout() {
        assertThat(ThresholdState.fromBytes(new byte[] {9, 1, 2}).scores()).isZero();
        assertThat(ThresholdState.fromBytes(new byte[] {ThresholdState.COMPACT, 7}).scores()).isZero();
    }
}
