package io.streamad.detector.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A record that has been consumed and featurised but not yet scored: everything scoring needs, so
 * that it can be persisted in the pending store and scored after a restart.
 *
 * @param sequence  position in this task's stream of pending rows
 * @param key       the sensor or card id
 * @param topic     source topic
 * @param partition source partition
 * @param offset    source offset
 * @param timestamp the input record's timestamp, given to the outputs
 * @param eventTime the record's event time
 * @param warm      whether the key's window was full enough to score
 * @param schema    id of the feature schema that computed {@code features}
 * @param features  raw feature vector
 * @param summary   window summary values
 * @param beyondRange how far the record lay outside its key's range, as a share of it
 * @param stuckRun  how long the record's value had lasted where that was longer than ever for its key, or 0
 */
record PendingRow(long sequence, String key, String topic, int partition, long offset, long timestamp, long eventTime,
                  boolean warm, String schema, float[] features, float[] summary, float beyondRange, int stuckRun) {

    private static final byte FORMAT = 4;
    /** Rows queued by a detector that kept no runs: read back as in no record run. */
    private static final byte FORMAT_WITHOUT_RUNS = 3;
    /** Rows queued by a detector that kept no range: read back as within it. */
    private static final byte FORMAT_WITHOUT_RANGE = 2;

    byte[] toBytes() {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        byte[] s = schema.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 4 + k.length + 4 + t.length + 4 + 8 + 8 + 8 + 1 + 4 + s.length
                + 4 + 4 * features.length + 4 + 4 * summary.length + 4 + 4);
        buf.put(FORMAT).putLong(sequence).putInt(k.length).put(k).putInt(t.length).put(t)
                .putInt(partition).putLong(offset).putLong(timestamp).putLong(eventTime).put((byte) (warm ? 1 : 0))
                .putInt(s.length).put(s);
        putFloats(buf, features);
        putFloats(buf, summary);
        buf.putFloat(beyondRange).putInt(stuckRun);
        return buf.array();
    }

    static PendingRow fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format != FORMAT && format != FORMAT_WITHOUT_RUNS && format != FORMAT_WITHOUT_RANGE) {
            throw new IllegalArgumentException("unknown pending row format " + format);
        }
        long sequence = buf.getLong();
        String key = string(buf);
        String topic = string(buf);
        int partition = buf.getInt();
        long offset = buf.getLong();
        long timestamp = buf.getLong();
        long eventTime = buf.getLong();
        boolean warm = buf.get() == 1;
        String schema = string(buf);
        float[] features = floats(buf);
        float[] summary = floats(buf);
        float beyondRange = format == FORMAT_WITHOUT_RANGE ? 0f : buf.getFloat();
        int stuckRun = format == FORMAT ? buf.getInt() : 0;
        return new PendingRow(sequence, key, topic, partition, offset, timestamp, eventTime, warm, schema, features, summary,
                beyondRange, stuckRun);
    }

    private static void putFloats(ByteBuffer buf, float[] values) {
        buf.putInt(values.length);
        for (float v : values) {
            buf.putFloat(v);
        }
    }

    private static float[] floats(ByteBuffer buf) {
        float[] values = new float[buf.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buf.getFloat();
        }
        return values;
    }

    private static String string(ByteBuffer buf) {
        byte[] b = new byte[buf.getInt()];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
