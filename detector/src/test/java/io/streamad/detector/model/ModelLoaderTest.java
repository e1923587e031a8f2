package io.streamad.detector.model;

import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ModelRejectedException;
import io.streamad.trainer.model.ScoringModel;

import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import io.streamad.core.model.ThresholdCalibration;
import io.streamad.detector.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLoaderTest {

    @TempDir
    static Path root;
    static Path model;
    private final SensorFeatureExtractor sensors = new SensorFeatureExtractor(TestModels.SENSORS);
    /** Features per reading of the test sensors (one measurement). */
    private final int width = sensors.schema().names().size();

    @BeforeAll
    static void trainOnce() {
        model = TestModels.sensorModel(root, List.of("a", "b"), 600, TestModels.SENSORS);
    }

    private Path copy(String name) throws IOException {
        Path target = root.resolve(name);
        try (var paths = Files.walk(model)) {
            for (Path p : paths.toList()) {
                Files.copy(p, target.resolve(model.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    @Test
    void shouldLoadAModelThatMatchesTheDetectorsFeatures() {
        ScoringModel loaded = ModelLoader.load(model, sensors.schema());
        try {
            assertThat(loaded.width()).isEqualTo(width);
            assertThat(loaded.reconstruct(new float[2 * width], 2)).hasSize(2 * width);
        } finally {
            loaded.release();
        }
        assertThat(loaded.isClosed()).isTrue();
    }

    @Test
    void shouldNameTheFeatureMismatch() {
        // the same feature names (16 lags) from another window: the schemas differ in their parameters only
        var otherWindow = new SensorFeatureExtractor(new SensorFeatureConfig(List.of("temp"), 32, 200, 16,
                SensorFeatureConfig.DEFAULT_SEASONAL_BUCKETS, SensorFeatureConfig.DEFAULT_SEASONAL_MEMORY)).schema();
        var otherMeasurements = new SensorFeatureExtractor(TestModels.SENSORS.withMeasurements(List.of("temp", "rpm"))).schema();

        assertThatThrownBy(() -> ModelLoader.load(model, otherWindow))
                .isInstanceOf(ModelRejectedException.class)
                .hasMessageContaining("feature parameters").hasMessageContaining("window=16").hasMessageContaining("window=32");
        assertThatThrownBy(() -> ModelLoader.load(model, otherMeasurements))
                .hasMessageContaining("(width " + width + "), detector computes")
                .hasMessageContaining("(width " + 2 * width + ")");
        assertThatThrownBy(() -> ModelLoader.load(model, new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT).schema()))
                .hasMessageContaining("expected a 'transaction' model, manifest says 'sensor'");
    }

    @Test
    void shouldRefuseASignatureWhoseWidthDisagreesWithTheManifest() throws IOException {
        Path dir = copy("wide");
        ModelManifest m = ManifestCodec.read(dir);
        ModelManifest.Signature wrong = new ModelManifest.Signature("serving_default", "features", "reconstruction", width + 1);
        ManifestCodec.write(dir, new ModelManifest(m.formatVersion(), m.model(), m.version(), m.createdAt(),
                m.features(), wrong, m.normalisation(), m.calibration(), m.training()));

        assertThatThrownBy(() -> ModelLoader.load(dir, sensors.schema()))
                .hasMessageContaining("expected input width " + width + ", manifest signature says " + (width + 1));
    }

    @Test
    void shouldRefuseAModelWhoseGlobalThresholdIsZero() throws IOException {
        Path dir = copy("flat");
        ModelManifest m = ManifestCodec.read(dir);
        ThresholdCalibration c = m.calibration();
        ManifestCodec.write(dir, new ModelManifest(m.formatVersion(), m.model(), m.version(), m.createdAt(), m.features(),
                m.signature(), m.normalisation(),
                new ThresholdCalibration(c.quantileLevel(), 0.0, c.logMedian(), c.logStd(), c.quantiles(), c.rows()),
                m.training()));

        assertThatThrownBy(() -> ModelLoader.load(dir, sensors.schema()))
                .hasMessageContaining("calibrated global threshold must be a positive number, manifest says 0.0");
    }

    @Test
    void shouldRefuseAnUnknownSignatureKey() throws IOException {
        Path dir = copy("renamed");
        ModelManifest m = ManifestCodec.read(dir);
        ManifestCodec.write(dir, new ModelManifest(m.formatVersion(), m.model(), m.version(), m.createdAt(), m.features(),
                new ModelManifest.Signature("predict", "features", "reconstruction", width), m.normalisation(),
                m.calibration(), m.training()));

        assertThatThrownBy(() -> ModelLoader.load(dir, sensors.schema()))
                .hasMessageContaining("expected signature 'predict', found [serving_default]");
    }

    @Test
    void shouldRefuseADirectoryWithoutAManifestOrAGraph() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> ModelLoader.load(empty, sensors.schema())).hasMessageContaining("no manifest.json");

        Path corrupt = copy("corrupt");
        Files.write(corrupt.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> ModelLoader.load(corrupt, sensors.schema())).hasMessageContaining("not a loadable SavedModel");
    }

    @Test
    void shouldKeepALeasedModelOpenUntilItsBatchIsDone() {
        ModelSlot slot = new ModelSlot("sensor");
        ScoringModel first = ModelLoader.load(model, sensors.schema());
        slot.install(first);

        Optional<ModelSlot.Lease> lease = slot.acquire();
        slot.install(ModelLoader.load(model, sensors.schema()));

        assertThat(first.isClosed()).isFalse();
        assertThat(lease.orElseThrow().model().reconstruct(new float[width], 1)).hasSize(width);
        lease.get().close();
        assertThat(first.isClosed()).isTrue();
        slot.close();
    }
}
