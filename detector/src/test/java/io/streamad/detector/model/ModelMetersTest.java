package io.streamad.detector.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.StreamKind;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.detector.TestModels;
import io.streamad.trainer.model.ModelLoader;
import io.streamad.trainer.model.ScoringModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelMetersTest {

    @TempDir
    Path root;

    @Test
    void shouldNameOnlyTheServingVersionAfterASwap() {
        // given
        SensorFeatureExtractor sensors = new SensorFeatureExtractor(TestModels.SENSORS);
        ScoringModel first = ModelLoader.load(TestModels.sensorModel(root.resolve("first"), List.of("a"), 400,
                TestModels.SENSORS), sensors.schema());
        ScoringModel second = ModelLoader.load(TestModels.sensorModel(root.resolve("second"), List.of("a"), 400,
                TestModels.SENSORS), sensors.schema());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelRegistry registry = new ModelRegistry(Map.of(StreamKind.SENSOR, sensors.schema(),
                StreamKind.TRANSACTION, new TransactionFeatureExtractor(TransactionFeatureConfig.DEFAULT).schema()))) {
            ModelMeters modelMeters = new ModelMeters(registry, meters);
            assertThat(servingVersions(meters)).isEmpty();
            assertThat(created(meters, StreamKind.SENSOR)).isNaN();

            // when
            registry.slot(StreamKind.SENSOR).install(first);
            modelMeters.installed(StreamKind.SENSOR);
            assertThat(servingVersions(meters)).containsExactly(first.version());
            registry.slot(StreamKind.SENSOR).install(second);
            modelMeters.installed(StreamKind.SENSOR);

            // then
            assertThat(servingVersions(meters)).containsExactly(second.version());
            assertThat(meters.get("streamad.models.installed").tags("kind", "SENSOR").counter().count()).isEqualTo(2);
            assertThat(created(meters, StreamKind.SENSOR))
                    .isEqualTo(second.manifest().createdAt().toEpochMilli() / 1000.0);
            assertThat(created(meters, StreamKind.TRANSACTION)).isNaN();
        }
    }

    /** The versions the info gauge names (each with value 1): an old version must be gone, not 0. */
    private static List<String> servingVersions(SimpleMeterRegistry meters) {
        return meters.find("streamad.model.info").gauges().stream()
                .peek(g -> assertThat(g.value()).isEqualTo(1)).map(g -> g.getId().getTag("version")).toList();
    }

    private static double created(SimpleMeterRegistry meters, StreamKind kind) {
        Gauge gauge = meters.get("streamad.model.created.timestamp").tags("kind", kind.name()).gauge();
        return gauge.value();
    }
}
