package io.streamad.bench;

import io.streamad.avro.SensorReading;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic normal sensor readings, one a minute per sensor: a per-sensor level and daily cycle with noise.
 * Deterministic: reading {@code i} of sensor {@code s} is the same in every run and every variant.
 */
public final class SensorData {

    static final String MEASUREMENT = "value";
    private static final Duration STEP = Duration.ofMinutes(1);

    private final int sensors;
    private final Instant start;

    /**
     * @param sensors  how many distinct keys
     * @param start    event time of each sensor's first reading
     */
    public SensorData(int sensors, Instant start) {
        this.sensors = sensors;
        this.start = start;
    }

    /** Data whose last reading ({@code perSensor} readings in) lies a day before now, so no event time is ahead of the clock. */
    public static SensorData endingBeforeNow(int sensors, long perSensor) {
        Instant start = Instant.now().minus(STEP.multipliedBy(perSensor)).minus(Duration.ofDays(1));
        return new SensorData(sensors, start.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    }

    public int sensors() {
        return sensors;
    }

    public static String key(int sensor) {
        return String.format("sensor-%06d", sensor);
    }

    /** Reading {@code i} of sensor {@code sensor}. */
    public SensorReading reading(int sensor, long i) {
        SplittableRandom random = new SplittableRandom(sensor * 1_000_003L + i);
        int shape = sensor % 7;
        double level = 40 + 5 * shape;
        double value = level + (2 + shape) * Math.sin(2 * Math.PI * (i % 1440) / 1440.0) + 0.4 * gaussian(random);
        return new SensorReading(key(sensor), start.plus(STEP.multipliedBy(i)), Map.of(MEASUREMENT, value));
    }

    /** The n-th record of the preloaded stream: the sensors take turns, so every key advances evenly. */
    SensorReading nth(long n) {
        return reading((int) (n % sensors), n / sensors);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
