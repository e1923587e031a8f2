package io.streamad.core.feature;

import io.streamad.avro.SensorReading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SensorFeatureExtractorTest {

    private final SensorFeatureExtractor extractor =
            new SensorFeatureExtractor(new SensorFeatureConfig(List.of("temp"), 16, 200));
    private final Random random = new Random(7);

    private static SensorReading reading(double value, long i) {
        return new SensorReading("s1", Instant.ofEpochSecond(1_700_000_000L + 60 * i), Map.of("temp", value));
    }

    private SensorWindow warmState(int readings) {
        SensorWindow state = extractor.newState();
        for (int i = 0; i < readings; i++) {
            extractor.extractAndUpdate(state, reading(20 + random.nextGaussian(), i));
        }
        return state;
    }

    private float feature(FeatureVector v, String name) {
        return v.values()[extractor.schema().names().indexOf("temp." + name)];
    }

    @Test
    void shouldNameSixFeaturesPerMeasurementInSchemaOrder() {
        assertThat(extractor.schema().names()).containsExactly(
                "temp.z_short", "temp.delta", "temp.z_long", "temp.log_vol", "temp.stuck", "temp.trend");
        assertThat(extractor.schema().id()).startsWith("sensor-");
    }

    @Test
    void shouldBeColdUntilTheWindowIsFull() {
        SensorWindow state = warmState(15);
        assertThat(extractor.isWarm(state)).isFalse();
        extractor.extractAndUpdate(state, reading(20, 15));
        assertThat(extractor.isWarm(state)).isTrue();
    }

    @Test
    void shouldGiveASpikeAFarLargerShortZScoreThanNormalNoise() {
        SensorWindow state = warmState(300);
        float normal = Math.abs(feature(extractor.extractAndUpdate(state, reading(20.5, 300)), "z_short"));
        float spike = feature(extractor.extractAndUpdate(state, reading(35, 301)), "z_short");

        assertThat(normal).isLessThan(3);
        assertThat(spike).isGreaterThan(8);
    }

    @Test
    void shouldSeeAStuckSensorAsRepeatsAndCollapsedVolatility() {
        SensorWindow state = warmState(300);
        FeatureVector v = null;
        for (int i = 0; i < 20; i++) {
            v = extractor.extractAndUpdate(state, reading(21.25, 300 + i));
        }
        assertThat(feature(v, "stuck")).isGreaterThan(0.9f);
        assertThat(feature(v, "log_vol")).isLessThan(-4);
    }

    @Test
    void shouldSeeADriftAsATrendAndALongRunDeviation() {
        SensorWindow state = warmState(300);
        FeatureVector v = null;
        for (int i = 0; i < 16; i++) {
            v = extractor.extractAndUpdate(state, reading(20 + 0.5 * i + random.nextGaussian() * 0.2, 300 + i));
        }
        assertThat(feature(v, "trend")).isGreaterThan(2);
        assertThat(feature(v, "z_long")).isGreaterThan(3);
    }

    @Test
    void shouldProduceTheSameFeaturesFromARestoredState() {
        SensorWindow state = warmState(50);
        SensorWindow restored = extractor.deserialize(extractor.serialize(state));

        FeatureVector a = extractor.extractAndUpdate(state, reading(22, 50));
        FeatureVector b = extractor.extractAndUpdate(restored, reading(22, 50));

        assertThat(b.values()).containsExactly(a.values());
        assertThat(b.summary()).containsExactly(a.summary());
    }

    @Test
    void shouldStartAfreshWhenTheMeasurementsWereRenamed() {
        SensorWindow state = warmState(50);
        SensorFeatureExtractor renamed = new SensorFeatureExtractor(new SensorFeatureConfig(List.of("pressure"), 16, 200));

        assertThat(renamed.deserialize(extractor.serialize(state)).count()).isZero();
        assertThat(extractor.deserialize(extractor.serialize(state)).count()).isEqualTo(50);
    }

    @Test
    void shouldKeepTheStateSmall() {
        assertThat(extractor.serialize(warmState(50))).hasSizeLessThan(100);
    }

    @Test
    void shouldRejectMissingAndNonFiniteMeasurements() {
        assertThat(extractor.validate(new SensorReading("s1", Instant.EPOCH, Map.of("rpm", 1.0))))
                .hasValue("missing measurement 'temp'");
        assertThat(extractor.validate(new SensorReading("s1", Instant.EPOCH, Map.of("temp", Double.NaN))))
                .get().asString().contains("not a finite number");
        assertThat(extractor.validate(new SensorReading("s1", Instant.EPOCH, Map.of("temp", 1e300))))
                .get().asString().contains("out of range");
        assertThat(extractor.validate(reading(1, 0))).isEmpty();
    }

    @Test
    void shouldKeepEveryFeatureFiniteOnAConstantSignal() {
        SensorWindow state = extractor.newState();
        FeatureVector v = null;
        for (int i = 0; i < 100; i++) {
            v = extractor.extractAndUpdate(state, reading(0, i));
        }
        for (float f : v.values()) {
            assertThat(f).isFinite();
        }
    }
}
