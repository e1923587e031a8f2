package io.streamad.core.feature;

import io.streamad.avro.SensorReading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sensor features per measurement, all scale-free so that one model serves sensors of
 * different ranges:
 * <ul>
 *   <li>{@code z_short}: distance from the window mean in window standard deviations (spikes);</li>
 *   <li>{@code delta}: the step from the previous reading in long-run standard deviations (jumps);</li>
 *   <li>{@code z_long}: distance from the long-run mean in long-run standard deviations (level shifts, drift);</li>
 *   <li>{@code log_vol}: log of the window's volatility relative to the long run (noise bursts, flat lines);</li>
 *   <li>{@code stuck}: how much of the window repeats the current value exactly (stuck sensors);</li>
 *   <li>{@code trend}: second half of the window minus first half, in long-run standard deviations (ramps);</li>
 *   <li>{@code lag_1} .. {@code lag_L}: the previous L readings' distances from the long-run mean, in long-run
 *       standard deviations: the shape of the recent past, so the model learns which sequences are usual;</li>
 *   <li>{@code seasonal}: distance from what this slot of the day (UTC) usually reads, in the slot's standard
 *       deviations (a daily pattern's regular edges are normal, the same value at an unusual hour is not); until
 *       a slot has seen a few readings it falls back to {@code z_long}.</li>
 * </ul>
 * Beside the features, every vector carries how far the reading lies outside the lowest to highest reading its
 * sensor ever produced, as a share of that span ({@link FeatureVector#beyondRange()}), once the sensor's window is
 * full: a value never seen before is news whatever the model makes of it. Likewise, once the window is full, how long
 * the reading's value has lasted where no value of its measurement lasted as long before and the measurement changed
 * value at least a window's worth of times ({@link FeatureVector#stuckRun()}): a sensor stuck for longer than ever.
 * Readings are compared as floats, as the window keeps them: above about 1.7e7 two readings less than one part in
 * ten million apart count as the same value.
 */
public final class SensorFeatureExtractor implements FeatureExtractor<SensorReading, SensorWindow> {

    static final List<String> PER_MEASUREMENT = List.of("z_short", "delta", "z_long", "log_vol", "stuck", "trend");
    private static final double LIMIT = 50.0;
    private static final int MINUTES_PER_DAY = 1440;
    /** Decayed weight a time-of-day slot needs before its profile is trusted. */
    private static final double SLOT_READY = 2.0;

    private final SensorFeatureConfig config;
    private final FeatureSchema schema;
    private final List<String> summaryNames;
    private final int perMeasurement;
    private final double slotMemoryMinutes;
    /** The schema's id hashed, stamped on every window: computing the id digests the schema, too dear per record. */
    private final int layout;

    public SensorFeatureExtractor(SensorFeatureConfig config) {
        this.config = config;
        List<String> names = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (String m : config.measurements()) {
            PER_MEASUREMENT.forEach(f -> names.add(m + "." + f));
            for (int lag = 1; lag <= config.lags(); lag++) {
                names.add(m + ".lag_" + lag);
            }
            if (config.seasonalBuckets() > 0) {
                names.add(m + ".seasonal");
            }
            summary.add(m + ".value");
            summary.add(m + ".window_mean");
            summary.add(m + ".window_std");
        }
        summary.add("readings");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("window", Integer.toString(config.window()));
        params.put("longMemory", Integer.toString(config.longMemory()));
        params.put("lags", Integer.toString(config.lags()));
        params.put("seasonalBuckets", Integer.toString(config.seasonalBuckets()));
        params.put("seasonalMemory", config.seasonalMemory().toString());
        this.perMeasurement = PER_MEASUREMENT.size() + config.lags() + (config.seasonalBuckets() > 0 ? 1 : 0);
        this.slotMemoryMinutes = config.seasonalMemory().toSeconds() / 60.0;
        this.schema = new FeatureSchema("sensor", names, params);
        this.layout = schema.id().hashCode();
        this.summaryNames = List.copyOf(summary);
    }

    public SensorFeatureConfig config() {
        return config;
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    @Override
    public List<String> summaryNames() {
        return summaryNames;
    }

    @Override
    public Optional<String> validate(SensorReading reading) {
        if (reading.getSensorId() == null || reading.getSensorId().isBlank()) {
            return Optional.of("blank sensorId");
        }
        Map<String, Double> values = reading.getMeasurements();
        for (String m : config.measurements()) {
            Double v = values == null ? null : values.get(m);
            if (v == null) {
                return Optional.of("missing measurement '" + m + "'");
            }
            if (!Double.isFinite(v)) {
                return Optional.of("measurement '" + m + "' is not a finite number: " + v);
            }
            if (Math.abs(v) > Float.MAX_VALUE) {
                return Optional.of("measurement '" + m + "' is out of range: " + v);
            }
        }
        return Optional.empty();
    }

    @Override
    public SensorWindow newState() {
        return new SensorWindow(config.measurements().size(), config.window(), config.seasonalBuckets(),
                layout);
    }

    @Override
    public boolean isWarm(SensorWindow state) {
        return state.count() >= config.window();
    }

    @Override
    public FeatureVector extractAndUpdate(SensorWindow state, SensorReading reading) {
        int measurements = config.measurements().size();
        double[] x = new double[measurements];
        for (int m = 0; m < measurements; m++) {
            x[m] = reading.getMeasurements().get(config.measurements().get(m));
        }
        int minute = (int) Math.floorDiv(reading.getEventTime().toEpochMilli(), 60_000L);
        boolean seasonal = config.seasonalBuckets() > 0;
        int slot = seasonal ? slot(minute) : -1;
        // each measurement's slot weight as of now: read by its feature, then grown by this reading
        double[] slotWeight = new double[measurements];
        float[] features = new float[measurements * perMeasurement];
        float[] summary = new float[measurements * 3 + 1];
        float[] window = new float[state.window()];
        // how many readings each measurement's value will have lasted with this one: a feature, and the stuck rule's run
        int[] runs = new int[measurements];
        for (int m = 0; m < measurements; m++) {
            slotWeight[m] = seasonal ? decayedWeight(state, m, slot, minute) : 0;
            state.copyInOrder(m, window);
            runs[m] = state.runWith(m, (float) x[m]);
            describe(state, m, window, runs[m], x[m], slot, slotWeight[m], features, m * perMeasurement, summary, m * 3);
        }
        summary[summary.length - 1] = state.count() + 1;
        float beyondRange = isWarm(state) ? beyondRange(state, x) : 0f;
        int stuckRun = isWarm(state) ? stuckRun(state, runs) : 0;
        for (int m = 0; m < measurements; m++) {
            updateLongRun(state, m, x[m]);
            if (seasonal) {
                updateSlot(state, m, x[m], slot, slotWeight[m], minute);
            }
        }
        state.append(x);
        return new FeatureVector(features, summary, beyondRange, stuckRun);
    }

    /**
     * The run of one value this reading extends or starts, where it is longer than any earlier run of its measurement
     * (the longest such over the measurements); 0 where every measurement's run is within its longest. Only a
     * measurement whose value changed at least a window's worth of times counts: one that has been constant, or
     * nearly, since its first reading has no earlier behaviour to be stuck against.
     */
    private int stuckRun(SensorWindow s, int[] runs) {
        int stuck = 0;
        for (int m = 0; m < runs.length; m++) {
            if (runs[m] > s.longestRun(m) && s.changes(m) >= config.window()) {
                stuck = Math.max(stuck, runs[m]);
            }
        }
        return stuck;
    }

    /** The largest distance of a reading beyond its measurement's range so far, in shares of the range; 0 within. */
    private static float beyondRange(SensorWindow s, double[] x) {
        double beyond = 0;
        for (int m = 0; m < x.length; m++) {
            double span = (double) s.high(m) - s.low(m);
            if (span > 0) {
                double outside = Math.max(x[m] - s.high(m), s.low(m) - x[m]);
                beyond = Math.max(beyond, outside / span);
            }
        }
        return (float) Math.min(beyond, Float.MAX_VALUE);
    }

    /**
     * @param w   measurement m's readings in the window, oldest first ({@link SensorWindow#copyInOrder})
     * @param run how many readings its value will have lasted with this one ({@link SensorWindow#runWith})
     */
    private void describe(SensorWindow s, int m, float[] w, int run, double x, int slot, double slotWeight, float[] out,
                          int at, float[] summary, int sat) {
        int n = s.filled();
        double longMean = s.count() == 0 ? x : s.longMean(m);
        double longStd = longStd(s.count() == 0 ? 0 : s.longVar(m), longMean);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += w[i];
        }
        mean = n == 0 ? x : mean / n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = w[i] - mean;
            var += d * d;
        }
        var = n == 0 ? 0 : var / n;
        double prev = n == 0 ? x : w[n - 1];
        double shortStd = Math.sqrt(var + square(0.1 * longStd));

        out[at] = clamp((x - mean) / shortStd);
        out[at + 1] = clamp((x - prev) / longStd);
        out[at + 2] = clamp((x - longMean) / longStd);
        out[at + 3] = clamp(Math.log((Math.sqrt(var) + 1e-3 * longStd) / longStd));
        // the run of the current value within the window and this reading
        out[at + 4] = (float) Math.min(run, n + 1) / (s.window() + 1);
        out[at + 5] = clamp(trend(w, x, n) / longStd);
        for (int lag = 1; lag <= config.lags(); lag++) {
            double past = n == 0 ? x : w[Math.max(0, n - lag)];
            out[at + 5 + lag] = clamp((past - longMean) / longStd);
        }
        if (slot >= 0) {
            double z = (x - longMean) / longStd;
            if (slotWeight >= SLOT_READY) {
                z = (x - s.slotMean(m, slot)) / Math.sqrt(s.slotVar(m, slot) + square(0.1 * longStd));
            }
            out[at + 6 + config.lags()] = clamp(z);
        }

        summary[sat] = (float) x;
        summary[sat + 1] = (float) mean;
        summary[sat + 2] = (float) Math.sqrt(var);
    }

    /** Mean of the newer half of the window (current reading included) minus the mean of the older half. */
    private static double trend(float[] w, double x, int n) {
        if (n < 2) {
            return 0;
        }
        int half = n / 2;
        double older = 0;
        for (int i = 0; i < half; i++) {
            older += w[i];
        }
        double newer = x;
        for (int i = half; i < n; i++) {
            newer += w[i];
        }
        return newer / (n - half + 1) - older / half;
    }

    /**
     * Exponentially weighted long-run mean and variance. Until the window is full every reading
     * counts equally; after that a reading further than six long-run deviations is clipped before
     * it is folded in, so one wild value cannot redefine "normal".
     */
    private void updateLongRun(SensorWindow s, int m, double x) {
        long count = s.count();
        if (count == 0) {
            s.setLong(m, x, 0);
            return;
        }
        double mean = s.longMean(m);
        double var = s.longVar(m);
        double alpha = Math.max(1.0 / (count + 1), 2.0 / (config.longMemory() + 1));
        double value = x;
        if (count >= config.window()) {
            double bound = 6 * longStd(var, mean);
            value = Math.max(mean - bound, Math.min(mean + bound, x));
        }
        double diff = value - mean;
        double increment = alpha * diff;
        s.setLong(m, mean + increment, (1 - alpha) * (var + diff * increment));
    }

    private int slot(int minute) {
        return Math.floorMod(minute, MINUTES_PER_DAY) / (MINUTES_PER_DAY / config.seasonalBuckets());
    }

    /** The slot's weight as of {@code minute}: each reading counts 1 when new and fades with the seasonal memory. */
    private double decayedWeight(SensorWindow s, int m, int b, int minute) {
        double weight = s.slotWeight(m, b);
        if (weight == 0) {
            return 0;
        }
        return weight * Math.exp(-Math.max(0, minute - s.slotMinute(m, b)) / slotMemoryMinutes);
    }

    /** Folds the reading into its time-of-day slot, whose weight as of now is given: a time-decayed mean and variance. */
    private static void updateSlot(SensorWindow s, int m, double x, int b, double decayedWeight, int minute) {
        double weight = decayedWeight + 1;
        double alpha = 1 / weight;
        double mean = s.slotMean(m, b);
        double var = s.slotVar(m, b);
        if (weight == 1) {
            mean = x;
            var = 0;
        } else {
            double diff = x - mean;
            mean += alpha * diff;
            var = (1 - alpha) * (var + diff * alpha * diff);
        }
        s.setSlot(m, b, mean, var, weight, Math.max(minute, s.slotMinute(m, b)));
    }

    /** Long-run deviation with a floor of 0.1% of the level, so flat signals do not divide by zero. */
    private static double longStd(double var, double mean) {
        return Math.sqrt(var + square(1e-3 * mean) + 1e-12);
    }

    private static double square(double v) {
        return v * v;
    }

    private static float clamp(double v) {
        return (float) Math.max(-LIMIT, Math.min(LIMIT, v));
    }

    @Override
    public byte[] serialize(SensorWindow state) {
        return state.toBytes();
    }

    @Override
    public SensorWindow deserialize(byte[] bytes) {
        return SensorWindow.fromBytes(bytes, config.measurements().size(), config.window(), config.seasonalBuckets(),
                layout);
    }
}
