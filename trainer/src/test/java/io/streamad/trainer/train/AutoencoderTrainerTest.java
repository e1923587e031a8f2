package io.streamad.trainer.train;

import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoencoderTrainerTest {

    private static final FeatureSchema SCHEMA = new FeatureSchema("sensor",
            IntStream.range(0, 6).mapToObj(i -> "f" + i).toList(), Map.of("window", "8"));
    private final List<EpochReport> epochs = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    private TrainingSet data(int rows) {
        return new TrainingSet("sensor", SCHEMA, TestRows.lowRank(rows, 0, 1), Instant.EPOCH, Instant.EPOCH.plusSeconds(rows), "test");
    }

    private AutoencoderTrainer trainer(int maxEpochs) {
        return new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(maxEpochs), epochs::add, clock);
    }

    @Test
    void shouldLearnTheDataAndReportEveryEpoch() {
        try (TrainedModel model = trainer(100).train(data(4000), null)) {
            ModelManifest m = model.manifest();

            assertThat(epochs).hasSize(m.training().epochs());
            assertThat(epochs.get(0).epoch()).isEqualTo(1);
            assertThat(m.training().validationLoss()).isLessThan(epochs.get(0).validationLoss());
            assertThat(m.training().validationLoss()).isLessThan(0.1);
            assertThat(m.training().rows()).isEqualTo(4000);
            assertThat(m.training().validationRows()).isEqualTo(800);
            assertThat(m.training().layers()).startsWith(6).endsWith(6);
            assertThat(m.version()).startsWith("sensor-20261126T080000000Z-");
            assertThat(m.calibration().threshold()).isGreaterThan(Math.exp(m.calibration().logMedian()))
                    .isEqualTo(m.calibration().quantiles().get("0.999"));
        }
    }

    @Test
    void shouldStopEarlyWhenTheValidationErrorStopsImproving() {
        AutoencoderSpec impatient = new AutoencoderSpec(List.of(), 5e-2f, 64, 200, 2, 0.2, 0.999, 10f, 3);
        try (TrainedModel model = new AutoencoderTrainer(impatient, epochs::add, clock).train(data(1000), null)) {
            int best = model.manifest().training().bestEpoch();
            assertThat(model.manifest().training().epochs()).isLessThan(200).isEqualTo(best + 2);
            assertThat(model.manifest().training().validationLoss()).isEqualTo(epochs.get(best - 1).validationLoss());
        }
    }

    @Test
    void shouldWriteASavedModelWithTheManifestBesideIt(@TempDir Path root) throws Exception {
        Path dir;
        try (TrainedModel model = trainer(5).train(data(1000), null)) {
            dir = model.writeTo(root);
            assertThat(dir).isEqualTo(root.resolve("sensor").resolve(model.manifest().version()));
        }
        assertThat(dir.resolve("saved_model.pb")).exists();
        assertThat(ManifestCodec.read(dir).features().id()).isEqualTo(SCHEMA.id());
        try (var listing = Files.list(dir.getParent())) {
            assertThat(listing).hasSize(1);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
            Signature.TensorDescription input = bundle.function("serving_default").signature().getInputs().get("features");
            assertThat(input.shape.size(1)).isEqualTo(6);
        }
    }

    @Test
    void shouldWarmStartFromAnEarlierModel() {
        Map<String, float[]> weights;
        double firstEpochCold;
        try (TrainedModel first = trainer(20).train(data(2000), null)) {
            weights = first.weights();
            firstEpochCold = epochs.get(0).validationLoss();
        }
        epochs.clear();
        try (TrainedModel second = trainer(3).train(data(2000), weights)) {
            assertThat(epochs.get(0).validationLoss()).isLessThan(firstEpochCold / 2);
        }
    }

    @Test
    void shouldTrainTheSameModelFromTheSameRows() {
        Map<String, float[]> first;
        double threshold;
        try (TrainedModel model = trainer(30).train(data(3000), null)) {
            first = model.weights();
            threshold = model.manifest().calibration().threshold();
        }
        try (TrainedModel again = trainer(30).train(data(3000), null)) {
            assertThat(again.weights()).containsOnlyKeys(first.keySet());
            again.weights().forEach((name, w) -> assertThat(w).as(name).containsExactly(first.get(name)));
            assertThat(again.manifest().calibration().threshold()).isEqualTo(threshold);
        }
    }

    @Test
    void shouldTrainAnotherModelFromAnotherSeed() {
        Map<String, float[]> first;
        try (TrainedModel model = trainer(30).train(data(3000), null)) {
            first = model.weights();
        }
        AutoencoderTrainer reseeded = new AutoencoderTrainer(AutoencoderSpec.DEFAULT.withMaxEpochs(30).withSeed(7), e -> { },
                Clock.systemUTC());
        try (TrainedModel other = reseeded.train(data(3000), null)) {
            assertThat(other.weights().get("layer0_W")).isNotEqualTo(first.get("layer0_W"));
        }
    }

    @Test
    void shouldRefuseTooFewRows() {
        assertThatThrownBy(() -> trainer(5).train(data(50), null)).hasMessageContaining("need at least 150 rows");
    }
}
