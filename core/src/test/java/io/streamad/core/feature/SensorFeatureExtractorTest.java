package io.streamad.core.feature;

import io.streamad.avro.SensorReading;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
    void shouldNameTheFeaturesPerMeasurementInSchemaOrder() {
        List<String> expected = new java.util.ArrayList<>(List.of(
                "temp.z_short", "temp.delta", "temp.z_long", "temp.log_vol", "temp.stuck", "temp.trend"));
        // the default lags, at most the window's 16 readings
        for (int lag = 1; lag <= SensorFeatureConfig.defaultLags(16); lag++) {
            expected.add("temp.lag_" + lag);
        }
        expected.add("temp.seasonal");
        assertThat(extractor.schema().names()).containsExactlyElementsOf(expected);
        assertThat(extractor.schema().id()).startsWith("sensor-");

        SensorFeatureExtractor plain = new SensorFeatureExtractor(
                new SensorFeatureConfig(List.of("temp"), 16, 200, 0, 0, Duration.ofDays(1)));
        assertThat(plain.schema().names()).hasSize(6);
        assertThat(plain.schema().id()).isNotEqualTo(extractor.schema().id());
    }

    @Test
    void shouldRememberThePreviousReadingsAsLags() {
        SensorWindow state = warmState(300);
        extractor.extractAndUpdate(state, reading(35, 300));
        FeatureVector after = extractor.extractAndUpdate(state, reading(20, 301));
        FeatureVector later = extractor.extractAndUpdate(state, reading(20, 302));

        assertThat(feature(after, "lag_1")).isGreaterThan(8);
        assertThat(Math.abs(feature(after, "lag_2"))).isLessThan(4);
        assertThat(feature(later, "lag_2")).isGreaterThan(8);
        assertThat(Math.abs(feature(later, "lag_1"))).isLessThan(4);
    }

    @Test
    void shouldCompareAReadingWithWhatItsHourOfTheDayUsuallyReads() {
        SensorWindow state = extractor.newState();
        long tenMinutes = 600;
        long start = 1_700_000_000L - Math.floorMod(1_700_000_000L, 86_400L); // midnight UTC
        int perDay = 144;
        for (int i = 0; i < 10 * perDay; i++) {
            double hour = (i % perDay) / 6.0;
            double daily = 20 + 10 * Math.sin(2 * Math.PI * hour / 24);
            extractor.extractAndUpdate(state, new SensorReading("s1",
                    Instant.ofEpochSecond(start + i * tenMinutes), Map.of("temp", daily + 0.3 * random.nextGaussian())));
        }
        Instant sixInTheMorning = Instant.ofEpochSecond(start + 10 * 86_400L + 6 * 3600);
        FeatureVector usual = extractor.extractAndUpdate(state, new SensorReading("s1", sixInTheMorning, Map.of("temp", 30.0)));
        Instant sixInTheEvening = sixInTheMorning.plusSeconds(12 * 3600);
        FeatureVector unusual = extractor.extractAndUpdate(state, new SensorReading("s1", sixInTheEvening, Map.of("temp", 30.0)));

        assertThat(Math.abs(feature(usual, "seasonal"))).isLessThan(3);
        assertThat(feature(unusual, "seasonal")).isGreaterThan(8);
        assertThat(Math.abs(feature(unusual, "z_long"))).isLessThan(2); // the value itself is within the usual range
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
    void shouldKeepTheStateAsSmallAsDocumented() {
        // 19 + m * (4 * window + 36 + 16 * buckets)
        assertThat(extractor.serialize(warmState(50))).hasSize(19 + 4 * 16 + 36 + 16 * 24);
        SensorFeatureExtractor plain = new SensorFeatureExtractor(
                new SensorFeatureConfig(List.of("temp"), 16, 200, 15, 0, Duration.ofDays(1)));
        SensorWindow state = plain.newState();
        plain.extractAndUpdate(state, reading(1, 0));
        assertThat(plain.serialize(state)).hasSize(19 + 4 * 16 + 36);
    }

    @Test
    void shouldMeasureHowFarAReadingLiesBeyondEverythingTheSensorReadBefore() {
        SensorWindow state = extractor.newState();
        for (int i = 0; i < 100; i++) {
            // 10, 11, ... 19, 10, 11 ...: a span of 9
            extractor.extractAndUpdate(state, reading(10 + i % 10, i));
        }

        assertThat(extractor.extractAndUpdate(state, reading(19, 100)).beyondRange()).isZero();
        assertThat(extractor.extractAndUpdate(state, reading(10, 101)).beyondRange()).isZero();
        assertThat(extractor.extractAndUpdate(state, reading(28, 102)).beyondRange()).isCloseTo(1.0f, within(1e-6f));
        // 28 widened the span to 18: 1 below it is 1/18
        assertThat(extractor.extractAndUpdate(state, reading(9, 103)).beyondRange()).isCloseTo(1 / 18f, within(1e-6f));
    }

    @Test
    void shouldReportNoRangeUntilTheWindowIsFullOrWhileTheSensorWasConstant() {
        SensorWindow state = extractor.newState();
        extractor.extractAndUpdate(state, reading(1, 0));
        assertThat(extractor.extractAndUpdate(state, reading(100, 1)).beyondRange()).as("cold").isZero();

        SensorWindow flat = extractor.newState();
        for (int i = 0; i < 50; i++) {
            extractor.extractAndUpdate(flat, reading(5, i));
        }
        assertThat(extractor.extractAndUpdate(flat, reading(6, 50)).beyondRange()).as("no span yet").isZero();
        assertThat(extractor.extractAndUpdate(flat, reading(8, 51)).beyondRange()).isCloseTo(2.0f, within(1e-6f));
    }

    @Test
    void shouldKeepTheRangeAcrossARestartAndRecoverItFromTheWindowOfAnOlderFormat() {
        SensorWindow state = extractor.newState();
        for (int i = 0; i < 40; i++) {
            extractor.extractAndUpdate(state, reading(i < 5 ? 100 : 10 + i % 4, i));
        }
        byte[] bytes = extractor.serialize(state);
        assertThat(extractor.extractAndUpdate(extractor.deserialize(bytes), reading(50, 40)).beyondRange())
                .as("100, read long ago, is still the top of the range").isZero();

        // format 3: no range or run fields, the window's readings (10..13) stand for them
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(bytes.length - 20);
        old.put((byte) 3).put(bytes, 1, 18).put(bytes, 19, 16).put(bytes, 19 + 36, bytes.length - 19 - 36);
        assertThat(extractor.extractAndUpdate(extractor.deserialize(old.array()), reading(16, 40)).beyondRange())
                .isCloseTo(1.0f, within(1e-6f));
    }

    @Test
    void shouldReportAValueLastingLongerThanAnyBefore() {
        SensorWindow state = extractor.newState();
        for (int i = 0; i < 40; i++) {
            // a value held for 5 readings, then a different value at every reading
            extractor.extractAndUpdate(state, reading(i >= 10 && i < 15 ? 3 : 100 + i, i));
        }
        int[] runs = new int[8];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = extractor.extractAndUpdate(state, reading(7, 40 + i)).stuckRun();
        }
        assertThat(runs).as("held 1..5 times is within the 5 readings seen before").containsExactly(0, 0, 0, 0, 0, 6, 7, 8);
        assertThat(extractor.extractAndUpdate(state, reading(8, 48)).stuckRun()).as("moved again").isZero();
        for (int i = 0; i < 8; i++) {
            extractor.extractAndUpdate(state, reading(9, 49 + i));
        }
        assertThat(extractor.extractAndUpdate(state, reading(9, 57)).stuckRun()).as("8 readings is the longest now").isEqualTo(9);
    }

    @Test
    void shouldReportNoRunOfAMeasurementThatHardlyEverChanged() {
        SensorWindow constant = extractor.newState();
        for (int i = 0; i < 100; i++) {
            assertThat(extractor.extractAndUpdate(constant, reading(5, i)).stuckRun()).as("constant from the start").isZero();
        }

        SensorWindow rarely = extractor.newState();
        for (int i = 0; i < 100; i++) {
            // 14 changes of value in the first 30 readings and one to 99, then 99: fewer changes than the window's 16 readings
            double value = i < 30 ? i / 2 : 99;
            assertThat(extractor.extractAndUpdate(rarely, reading(value, i)).stuckRun()).isZero();
        }
        extractor.extractAndUpdate(rarely, reading(1, 100));
        assertThat(extractor.extractAndUpdate(rarely, reading(1, 101)).stuckRun())
                .as("the 16th change: 99's 70 readings are now the longest; 1 has lasted 2").isZero();
        for (int i = 102; i < 171; i++) {
            extractor.extractAndUpdate(rarely, reading(1, i));
        }
        assertThat(extractor.extractAndUpdate(rarely, reading(1, 171)).stuckRun()).isEqualTo(72);
    }

    @Test
    void shouldKeepTheRunsAcrossARestart() {
        SensorWindow state = extractor.newState();
        for (int i = 0; i < 60; i++) {
            // 20 readings of one value long ago, then 8 of each of three others, then a new value at every reading
            extractor.extractAndUpdate(state, reading(i < 20 ? 1 : i < 44 ? 2 + (i - 20) / 8 : 100 + i, i));
        }
        SensorWindow back = extractor.deserialize(extractor.serialize(state));
        for (int i = 0; i < 10; i++) {
            assertThat(extractor.extractAndUpdate(back, reading(7, 60 + i)).stuckRun()).as("the 20 readings long ago count").isZero();
        }
        // restarted in the middle of the run: its length goes on
        SensorWindow again = extractor.deserialize(extractor.serialize(back));
        for (int i = 10; i < 20; i++) {
            assertThat(extractor.extractAndUpdate(again, reading(7, 60 + i)).stuckRun()).isZero();
        }
        assertThat(extractor.extractAndUpdate(again, reading(7, 80)).stuckRun()).as("21 readings: longer than ever").isEqualTo(21);
    }

    @Test
    void shouldLearnTheRunsAnewFromAWindowOfAnOlderFormat() {
        SensorWindow state = extractor.newState();
        for (int i = 0; i < 60; i++) {
            extractor.extractAndUpdate(state, reading(i < 20 ? 1 : 100 + i, i));
        }
        byte[] bytes = extractor.serialize(state);
        // format 4: no run fields; the ring (16 readings, all different) shows runs of 1 and counts no changes
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(bytes.length - 12);
        old.put((byte) 4).put(bytes, 1, 18).put(bytes, 19, 24).put(bytes, 19 + 36, bytes.length - 19 - 36);
        SensorWindow upgraded = extractor.deserialize(old.array());
        for (int i = 0; i < 15; i++) {
            extractor.extractAndUpdate(upgraded, reading(200 + i, 60 + i));
        }
        extractor.extractAndUpdate(upgraded, reading(7, 75));
        assertThat(extractor.extractAndUpdate(upgraded, reading(7, 76)).stuckRun())
                .as("16 changes since the upgrade, a window's worth: 2 readings beat the ring's runs of 1").isEqualTo(2);

        SensorWindow young = extractor.deserialize(old.array());
        extractor.extractAndUpdate(young, reading(7, 60));
        assertThat(extractor.extractAndUpdate(young, reading(7, 61)).stuckRun()).as("no changes counted yet").isZero();
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

    @Test
    void shouldKeepEveryFeatureFiniteWhenReadingsArriveOutOfOrder() {
        SensorWindow state = warmState(300);
        // readings from a day ago, then from before 1970, then in order again
        extractor.extractAndUpdate(state, reading(20, 300 - 1440));
        extractor.extractAndUpdate(state, new SensorReading("s1", Instant.ofEpochSecond(-86_400), Map.of("temp", 20.0)));
        FeatureVector v = null;
        for (int i = 300; i < 340; i++) {
            v = extractor.extractAndUpdate(state, reading(20 + random.nextGaussian(), i));
        }

        for (float f : v.values()) {
            assertThat(f).isFinite();
        }
        assertThat(Math.abs(feature(v, "z_long"))).isLessThan(6);
    }
}
