package io.streamad.core.feature;

import java.nio.ByteBuffer;

/**
 * A sensor's recent history: the last {@code window} readings of each measurement in a ring,
 * exponentially weighted long-run mean and variance, the lowest and highest reading ever seen, how many
 * readings the current value has lasted, the longest any value lasted before and how often the value changed, and a
 * time-of-day profile (per slot of the day a time-decayed mean, variance and weight, and when the slot last saw a
 * reading). About {@code 19 + m * (4 * window + 36 + 16 * buckets)} bytes.
 * It remembers the layout (measurement names and parameters) it was built for: read back under another
 * layout it starts afresh rather than feed one measurement's history to another.
 */
public final class SensorWindow {

    private static final byte FORMAT = 5;
    /** The format before the runs were kept: read back with the runs of the readings still in the ring. */
    private static final byte FORMAT_WITHOUT_RUNS = 4;
    /** The format before the range was kept: read back with the range and runs of the readings still in the ring. */
    private static final byte FORMAT_WITHOUT_RANGE = 3;

    private final int layout;
    private long count;
    private final float[][] ring;
    private final double[] longMean;
    private final double[] longVar;
    private final float[] low;
    private final float[] high;
    /** Readings the current value of each measurement has lasted, the latest included. */
    private final int[] run;
    /** The longest any earlier value of each measurement lasted. */
    private final int[] longestRun;
    /** How many times each measurement's value changed from one reading to the next. */
    private final int[] changes;
    private final float[][] slotMean;
    private final float[][] slotVar;
    private final float[][] slotWeight;
    /** Minutes since the epoch of each slot's last reading. */
    private final int[][] slotMinute;

    SensorWindow(int measurements, int window, int buckets, int layout) {
        this.layout = layout;
        this.ring = new float[measurements][window];
        this.longMean = new double[measurements];
        this.longVar = new double[measurements];
        this.low = new float[measurements];
        this.high = new float[measurements];
        this.run = new int[measurements];
        this.longestRun = new int[measurements];
        this.changes = new int[measurements];
        this.slotMean = new float[measurements][buckets];
        this.slotVar = new float[measurements][buckets];
        this.slotWeight = new float[measurements][buckets];
        this.slotMinute = new int[measurements][buckets];
    }

    /** How many readings this sensor has produced. */
    public long count() {
        return count;
    }

    int window() {
        return ring[0].length;
    }

    /** Readings currently in the window (at most {@link #window()}). */
    int filled() {
        return (int) Math.min(count, window());
    }

    /** Copies measurement m's values still in the window into {@code out[0 .. filled())}, oldest first. */
    void copyInOrder(int m, float[] out) {
        int w = window();
        if (count < w) {
            System.arraycopy(ring[m], 0, out, 0, (int) count);
        } else {
            int oldest = (int) (count % w);
            System.arraycopy(ring[m], oldest, out, 0, w - oldest);
            System.arraycopy(ring[m], 0, out, w - oldest, oldest);
        }
    }

    /** The i-th oldest value of measurement m still in the window, 0 <= i < filled(). */
    float at(int m, int i) {
        int w = window();
        int oldest = count < w ? 0 : (int) (count % w);
        return ring[m][(oldest + i) % w];
    }

    double longMean(int m) {
        return longMean[m];
    }

    double longVar(int m) {
        return longVar[m];
    }

    void setLong(int m, double mean, double var) {
        longMean[m] = mean;
        longVar[m] = var;
    }

    /** The lowest reading of measurement m so far; meaningless before the first. */
    float low(int m) {
        return low[m];
    }

    /** The highest reading of measurement m so far; meaningless before the first. */
    float high(int m) {
        return high[m];
    }

    /** Readings the latest value of measurement m has lasted, the latest one included; 0 before the first. */
    int run(int m) {
        return run[m];
    }

    /** The longest run of one value of measurement m before the current one. */
    int longestRun(int m) {
        return longestRun[m];
    }

    /** How many readings measurement m's current value will have lasted if its next reading is {@code v}. */
    int runWith(int m, float v) {
        return count > 0 && v == at(m, filled() - 1) ? (int) Math.min(run[m] + 1L, Integer.MAX_VALUE) : 1;
    }

    /** How many times measurement m's value changed from one reading to the next. */
    int changes(int m) {
        return changes[m];
    }

    int buckets() {
        return slotMean[0].length;
    }

    float slotMean(int m, int b) {
        return slotMean[m][b];
    }

    float slotVar(int m, int b) {
        return slotVar[m][b];
    }

    float slotWeight(int m, int b) {
        return slotWeight[m][b];
    }

    int slotMinute(int m, int b) {
        return slotMinute[m][b];
    }

    void setSlot(int m, int b, double mean, double var, double weight, int minute) {
        slotMean[m][b] = (float) mean;
        slotVar[m][b] = (float) var;
        slotWeight[m][b] = (float) weight;
        slotMinute[m][b] = minute;
    }

    void append(double[] values) {
        int slot = (int) (count % window());
        for (int m = 0; m < ring.length; m++) {
            float v = (float) values[m];
            foldRun(m, runWith(m, v), count > 0);
            ring[m][slot] = v;
            low[m] = count == 0 ? v : Math.min(low[m], v);
            high[m] = count == 0 ? v : Math.max(high[m], v);
        }
        count++;
    }

    byte[] toBytes() {
        int m = ring.length;
        int w = window();
        int b = buckets();
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 + 2 + 2 + 2 + m * (36 + 4 * w + 16 * b));
        buf.put(FORMAT).putInt(layout).putLong(count).putShort((short) m).putShort((short) w).putShort((short) b);
        for (int i = 0; i < m; i++) {
            buf.putDouble(longMean[i]).putDouble(longVar[i]).putFloat(low[i]).putFloat(high[i])
                    .putInt(run[i]).putInt(longestRun[i]).putInt(changes[i]);
            for (float v : ring[i]) {
                buf.putFloat(v);
            }
            for (int j = 0; j < b; j++) {
                buf.putFloat(slotMean[i][j]).putFloat(slotVar[i][j]).putFloat(slotWeight[i][j]).putInt(slotMinute[i][j]);
            }
        }
        return buf.array();
    }

    static SensorWindow fromBytes(byte[] bytes, int expectedMeasurements, int expectedWindow, int expectedBuckets,
                                  int expectedLayout) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        boolean runs = format == FORMAT;
        boolean ranged = runs || format == FORMAT_WITHOUT_RUNS;
        int layout = ranged || format == FORMAT_WITHOUT_RANGE ? buf.getInt() : ~expectedLayout;
        if (layout != expectedLayout) {
            // Written by another feature configuration (or an older format): start the key afresh.
            return new SensorWindow(expectedMeasurements, expectedWindow, expectedBuckets, expectedLayout);
        }
        long count = buf.getLong();
        int m = buf.getShort();
        int w = buf.getShort();
        int b = buf.getShort();
        SensorWindow state = new SensorWindow(m, w, b, layout);
        state.count = count;
        for (int i = 0; i < m; i++) {
            state.longMean[i] = buf.getDouble();
            state.longVar[i] = buf.getDouble();
            if (ranged) {
                state.low[i] = buf.getFloat();
                state.high[i] = buf.getFloat();
            }
            if (runs) {
                state.run[i] = buf.getInt();
                state.longestRun[i] = buf.getInt();
                state.changes[i] = buf.getInt();
            }
            for (int j = 0; j < w; j++) {
                state.ring[i][j] = buf.getFloat();
            }
            for (int j = 0; j < b; j++) {
                state.setSlot(i, j, buf.getFloat(), buf.getFloat(), buf.getFloat(), buf.getInt());
            }
        }
        if (!ranged) {
            state.rangeFromRing();
        }
        if (!runs) {
            state.runsFromRing();
        }
        return state;
    }

    /**
     * A window of a format without runs: the current run and the longest earlier one as far as the ring shows them,
     * and no changes counted, so the stuck rule waits until the measurement changed value a window's worth of times
     * after the upgrade, as for a new sensor. Its longest run is learnt from then on: the runs of its history before
     * the ring are unknown.
     */
    private void runsFromRing() {
        for (int m = 0; m < ring.length; m++) {
            run[m] = 0;
            longestRun[m] = 0;
            changes[m] = 0;
            for (int i = 0; i < filled(); i++) {
                foldRun(m, i > 0 && at(m, i) == at(m, i - 1) ? run[m] + 1 : 1, false);
            }
        }
    }

    /**
     * Folds a reading into measurement m's runs: one that lasts its value {@code next} readings (1 for a new value,
     * which ends the run before it); a change is counted where {@code counted}.
     */
    private void foldRun(int m, int next, boolean counted) {
        if (next == 1) {
            if (counted && changes[m] < Integer.MAX_VALUE) {
                changes[m]++;
            }
            longestRun[m] = Math.max(longestRun[m], run[m]);
        }
        run[m] = next;
    }

    private void rangeFromRing() {
        for (int m = 0; m < ring.length; m++) {
            low[m] = filled() == 0 ? 0 : at(m, 0);
            high[m] = low[m];
            for (int i = 1; i < filled(); i++) {
                low[m] = Math.min(low[m], at(m, i));
                high[m] = Math.max(high[m], at(m, i));
            }
        }
    }
}
