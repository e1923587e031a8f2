package io.streamad.trainer.service;

import io.streamad.core.feature.FeatureSchema;
import io.streamad.trainer.train.AutoencoderSpec;
import io.streamad.trainer.train.AutoencoderTrainer;
import io.streamad.trainer.train.TestRows;
import io.streamad.trainer.train.TrainedModel;
import io.streamad.trainer.train.TrainingSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ValidationGateTest {

    private static final FeatureSchema SCHEMA = new FeatureSchema("sensor",
            IntStream.range(0, 6).mapToObj(i -> "f" + i).toList(), Map.of());
    private static TrainedModel oldRegime;
    private static TrainedModel newRegime;
    private final ValidationGate gate = new ValidationGate(1.5, 0.05, 0.9);

    private static TrainedModel train(float[][] rows) {
        return new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(30), e -> { }, Clock.systemUTC())
                .train(new TrainingSet("sensor", SCHEMA, rows, Instant.EPOCH, Instant.EPOCH, "test"), null);
    }

    @BeforeAll
    static void trainBoth() {
        oldRegime = train(TestRows.lowRank(3000, 0, 1));
        newRegime = train(TestRows.lowRank(3000, 5, 2));
    }

    @AfterAll
    static void close() {
        oldRegime.close();
        newRegime.close();
    }

    @Test
    void shouldAcceptACandidateThatFitsTheNewNormalBetter() {
        ValidationGate.Verdict v = gate.judge(newRegime, Optional.of(oldRegime), TestRows.lowRank(500, 5, 3), 1);

        assertThat(v.accepted()).as(v.reason()).isTrue();
        assertThat(v.currentFalseAlarms()).isGreaterThan(0.5);
        assertThat(v.candidateFalseAlarms()).isLessThan(0.05);
        assertThat(v.syntheticSeparation()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldRejectACandidateWorseThanTheCurrentModelOnRecentData() {
        ValidationGate.Verdict v = gate.judge(oldRegime, Optional.of(newRegime), TestRows.lowRank(500, 5, 3), 1);

        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("false alarms");
    }

    @Test
    void shouldRejectACandidateThatCannotTellAnomaliesApart() {
        // rows far outside everything the model saw: every score is clipped alike, synthetic or not
        ValidationGate lenient = new ValidationGate(1.5, 1.0, 0.9);
        ValidationGate.Verdict v = lenient.judge(oldRegime, Optional.empty(), TestRows.lowRank(500, 50, 3), 1);

        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("synthetic anomalies");
    }

    @Test
    void shouldMeasureSeparationAsTheAreaUnderTheRocCurve() {
        assertThat(ValidationGate.separation(new double[] {1, 2, 3}, new double[] {4, 5})).isEqualTo(1.0);
        assertThat(ValidationGate.separation(new double[] {4, 5}, new double[] {1, 2, 3})).isEqualTo(0.0);
        assertThat(ValidationGate.separation(new double[] {1, 2}, new double[] {1.5, 2})).isEqualTo(0.625);
    }
}
