package io.streamad.core.feature;

import java.nio.ByteBuffer;

/**
 * A sensor's recent history: the last {@code window} readings of each measurement in a ring, and
 * exponentially weighted long-run mean and variance. About {@code 17 + m * (4 * window + 16)} bytes.
 * It remembers the layout (measurement names and parameters) it was built for: read back under another
 * layout it starts afresh rather than feed one measurement's history to another.
 */
public final class SensorWindow {

    private static final byte FORMAT = 2;

    private final int layout;
    private long count;
    private final float[][] ring;
    private final double[] longMean;
    private final double[] longVar;

    SensorWindow(int measurements, int window, int layout) {
        this.layout = layout;
        this.ring = new float[measurements][window];
        this.longMean = new double[measurements];
        this.longVar = new double[measurements];
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

    void append(double[] values) {
        int slot = (int) (count % window());
        for (int m = 0; m < ring.length; m++) {
            ring[m][slot] = (float) values[m];
        }
        count++;
    }

    byte[] toBytes() {
        int m = ring.length;
        int w = window();
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 + 2 + 2 + m * (16 + 4 * w));
        buf.put(FORMAT).putInt(layout).putLong(count).putShort((short) m).putShort((short) w);
        for (int i = 0; i < m; i++) {
            buf.putDouble(longMean[i]).putDouble(longVar[i]);
            for (float v : ring[i]) {
                buf.putFloat(v);
            }
        }
        return buf.array();
    }

    static SensorWindow fromBytes(byte[] bytes, int expectedMeasurements, int expectedWindow, int expectedLayout) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        int layout = format == FORMAT ? buf.getInt() : ~expectedLayout;
        if (layout != expectedLayout) {
            // Written by another feature configuration (or an older format): start the key afresh.
            return new SensorWindow(expectedMeasurements, expectedWindow, expectedLayout);
        }
        long count = buf.getLong();
        int m = buf.getShort();
        int w = buf.getShort();
        SensorWindow state = new SensorWindow(m, w, layout);
        state.count = count;
        for (int i = 0; i < m; i++) {
            state.longMean[i] = buf.getDouble();
            state.longVar[i] = buf.getDouble();
            for (int j = 0; j < w; j++) {
                state.ring[i][j] = buf.getFloat();
            }
        }
        return state;
    }
}
