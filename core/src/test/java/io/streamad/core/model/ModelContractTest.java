package io.streamad.core.model;

import io.streamad.core.feature.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelContractTest {

    @Test
    void shouldStandardiseAndClip() {
        Normalisation n = Normalisation.fit(new float[][] {{1, 10}, {3, 10}}, 5f);

        assertThat(n.mean()).containsExactly(2f, 10f);
        assertThat(n.std()[0]).isEqualTo(1f);
        assertThat(n.std()[1]).isEqualTo(Normalisation.MIN_STD);
        assertThat(n.apply(new float[] {4, 10})).containsExactly(2f, 0f);
        assertThat(n.apply(new float[] {2, 11})).containsExactly(0f, 5f);
    }

    @Test
    void shouldScoreTheMeanSquaredErrorAndAttributeIt() {
        float[] input = {1, 2, 3, 0, 0, 0};
        float[] output = {1, 2, 0, 0, 0, 2};
        float[] sq = new float[3];

        assertThat(ReconstructionError.score(input, output, 0, 3, sq)).isEqualTo(3.0);
        assertThat(sq).containsExactly(0f, 0f, 9f);
        assertThat(ReconstructionError.scores(input, output, 2, 3)).containsExactly(3.0, 4.0 / 3);
        var top = ReconstructionError.topContributors(new float[] {1, 6, 3}, List.of("a", "b", "c"), 2);
        assertThat(top).extracting(ReconstructionError.Contribution::feature).containsExactly("b", "c");
        assertThat(top.get(0).share()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void shouldCalibrateTheGlobalThresholdOnAHighQuantileAndDescribeTheBulkRobustly() {
        java.util.Random random = new java.util.Random(2);
        double[] errors = new double[2000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = 0.1 * Math.exp(0.5 * random.nextGaussian());
        }
        ThresholdCalibration clean = ThresholdCalibration.fit(errors, 0.99);
        for (int i = 0; i < 20; i++) {
            errors[i] = 50;
        }
        ThresholdCalibration contaminated = ThresholdCalibration.fit(errors, 0.99);

        assertThat(Math.exp(clean.logMedian())).isCloseTo(0.1, within(0.01));
        assertThat(clean.logStd()).isCloseTo(0.5, within(0.05));
        assertThat(clean.threshold()).isCloseTo(0.1 * Math.exp(0.5 * 2.326), within(0.03));
        assertThat(contaminated.logStd() / clean.logStd()).isBetween(0.95, 1.05);
        assertThat(contaminated.quantiles()).containsKeys("0.5", "0.99", "1.0").containsEntry("1.0", 50.0);
    }

    @Test
    void shouldRoundTripTheManifestThroughJson() {
        FeatureSchema schema = new FeatureSchema("sensor", List.of("a", "b"), Map.of("window", "32"));
        ModelManifest m = new ModelManifest(ModelManifest.FORMAT_VERSION, "sensor", "sensor-1", Instant.parse("2026-01-01T00:00:00Z"),
                schema, ModelManifest.Signature.standard(2), new Normalisation(new float[] {0, 1}, new float[] {1, 2}, 10),
                ThresholdCalibration.fit(new double[] {0.1, 0.2, 0.3}, 0.999),
                new ModelManifest.Training(100, 20, 5, 4, 0.01, Instant.EPOCH, Instant.EPOCH, "abc", List.of(2, 1, 2), 12, "test"));

        ModelManifest back = ManifestCodec.fromJson(ManifestCodec.toJson(m));

        assertThat(back.version()).isEqualTo("sensor-1");
        assertThat(back.features().id()).isEqualTo(schema.id());
        assertThat(back.normalisation().std()).containsExactly(1f, 2f);
        assertThat(back.calibration()).isEqualTo(m.calibration());
        assertThat(back.training()).isEqualTo(m.training());
    }

    @Test
    void shouldRefuseAManifestOfAnotherFormat() {
        assertThatThrownBy(() -> ManifestCodec.fromJson("{\"formatVersion\": 99, \"model\":\"x\",\"version\":\"v\"}"))
                .hasMessageContaining("not a valid model manifest");
        assertThatThrownBy(() -> ManifestCodec.fromJson("not json")).hasMessageContaining("not a valid model manifest");
    }
}
