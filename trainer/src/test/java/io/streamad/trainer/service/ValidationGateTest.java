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
    void shouldRefuseAModelTrainedOnConstantRowsWhoseThresholdIsZero() {
        float[][] flat = new float[600][6];
        try (TrainedModel constant = train(flat)) {
            ValidationGate.Verdict v = gate.judge(constant, Optional.empty(), new float[200][6], 1);

            assertThat(constant.manifest().calibration().threshold()).isZero();
            assertThat(v.accepted()).isFalse();
            assertThat(v.reason()).contains("global threshold of 0.0");
        }
    }

    @Test
    void shouldRejectACandidateWorseThanTheCurrentModelOnRecentData() {
        ValidationGate.Verdict v = gate.judge(oldRegime, Optional.of(newRegime), TestRows.lowRank(500, 5, 3), 1);

        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("false alarms");
    }

    @Test
    void shouldHoldAReplacementToTheFalseAlarmCeiling() {
        // recent rows from a regime neither model knows well enough: the candidate flags far more than 5% of them
        ValidationGate.Verdict v = gate.judge(oldRegime, Optional.of(oldRegime), TestRows.lowRank(500, 5, 3), 1);

        assertThat(v.candidateFalseAlarms()).isGreaterThan(0.05);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("ceiling");
    }

    @Test
    void shouldJudgeAFirstModelOnSeparationAlone() {
        // the same rows and candidate with no model serving: the ceiling does not apply, only separation does
        ValidationGate.Verdict v = gate.judge(oldRegime, Optional.empty(), TestRows.lowRank(500, 5, 3), 1);

        assertThat(v.candidateFalseAlarms()).isGreaterThan(0.05);
        assertThat(v.currentFalseAlarms()).isNull();
        assertThat(v.accepted()).as(v.reason()).isEqualTo(v.syntheticSeparation() >= 0.9);
        assertThat(v.reason()).satisfiesAnyOf(r -> assertThat(r).isNull(), r -> assertThat(r).contains("synthetic"));
    }

    @Test
    void shouldRejectACandidateThatCannotTellAnomaliesApart() {
        // rows far outside everything the model saw: every score is clipped alike, synthetic or not
        ValidationGate lenient = new ValidationGate(1.5, 1.0, 0.9);
        ValidationGate.Verdict v = lenient.judge(oldRegime, Optional.empty(), TestRows.lowRank(500, 50, 3), 1);

        assertThat(v.accepted()).isFalse();
        assertThat(v.reason()).contains("synthetic anomalies");
    }

    /** Six correlated features repeated 40 times with their own noise: a model 240 features wide. */
    private static float[][] wide(int n, long seed) {
        float[][] narrow = TestRows.lowRank(n, 0, seed);
        java.util.Random noise = new java.util.Random(seed);
        float[][] rows = new float[n][240];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 240; j++) {
                rows[i][j] = narrow[i][j % 6] + (float) (0.05 * noise.nextGaussian());
            }
        }
        return rows;
    }

    @Test
    void shouldJudgeAWideModelByAShareOfDisturbedFeatures() {
        FeatureSchema schema = new FeatureSchema("sensor", IntStream.range(0, 240).mapToObj(i -> "f" + i).toList(), Map.of());
        try (TrainedModel model = new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(20), e -> { }, Clock.systemUTC())
                .train(new TrainingSet("sensor", schema, wide(2000, 1), Instant.EPOCH, Instant.EPOCH, "test"), null)) {
            float[][] holdout = wide(300, 2);
            float[][] synthetic = ValidationGate.synthetic(model, holdout, new java.util.Random(3));
            boolean someRowMatches = false;
            for (float[] row : holdout) {
                int differing = 0;
                for (int j = 0; j < 240; j++) {
                    differing += synthetic[0][j] != row[j] ? 1 : 0;
                }
                someRowMatches |= differing > 0 && differing <= 240 / ValidationGate.FEATURES_PER_SHIFT;
            }
            assertThat(someRowMatches).as("the first synthetic row is a held-out row with up to 10 features moved").isTrue();

            ValidationGate.Verdict v = gate.judge(model, Optional.empty(), holdout, 1);
            assertThat(v.syntheticSeparation()).isGreaterThanOrEqualTo(0.9);
            assertThat(v.accepted()).as(v.reason()).isTrue();
        }
    }

    @Test
    void shouldMeasureSeparationAsTheAreaUnderTheRocCurve() {
        assertThat(ValidationGate.separation(new double[] {1, 2, 3}, new double[] {4, 5})).isEqualTo(1.0);
        assertThat(ValidationGate.separation(new double[] {4, 5}, new double[] {1, 2, 3})).isEqualTo(0.0);
        assertThat(ValidationGate.separation(new double[] {1, 2}, new double[] {1.5, 2})).isEqualTo(0.625);
    }
}
