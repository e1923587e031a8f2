package io.streamad.core.threshold;

import java.nio.ByteBuffer;

/**
 * A key's score history in 173 bytes: how many scores it has, the exponentially weighted mean and upper
 * variance of the logs of its normal scores, its recent anomaly rate, the log median and spread of the
 * calibration the scores were measured against (so a new model's scale can be carried over), the highest
 * score of each of its last {@value #BLOCKS} blocks of scores (a sliding maximum), and how many scores ago
 * it last raised an anomaly event and with which score; for the likelihood mode, the exponentially
 * weighted mean and variance of its raw scores and its last {@value #RECENT} scores.
 */
public final class ThresholdState {

    /** Blocks the peak memory is cut into: the sliding maximum is exact to one block. */
    static final int BLOCKS = 16;
    /** Scores the likelihood mode averages. */
    static final int RECENT = 5;
    private static final byte FORMAT = 4;
    private static final int BYTES = 1 + 8 * 6 + 8 + 4 + 4 * BLOCKS + 4 + 4 + 4 + 8 + 8 + 4 * RECENT;

    long scores;
    double logMean;
    double logVar;
    double reference;
    double referenceStd;
    double anomalyRate;
    /** Scores since the key's last anomaly event; starts far in the past. */
    long sinceEvent = Long.MAX_VALUE / 2;
    /** The score that raised the key's last anomaly event. */
    float eventScore;
    /** Highest score of each finished block, a ring; 0 where there is none yet. */
    final float[] peaks = new float[BLOCKS];
    /** Highest score of the block being filled. */
    float blockPeak;
    /** Scores in the block being filled. */
    int blockFill;
    /** Ring slot the next finished block goes to. */
    int nextBlock;
    /** Exponentially weighted mean of the raw scores. */
    double mean;
    /** Exponentially weighted variance of the raw scores. */
    double var;
    /** The last scores, a ring indexed by {@code scores % RECENT}. */
    final float[] recent = new float[RECENT];

    public long scores() {
        return scores;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(BYTES).put(FORMAT).putLong(scores).putDouble(logMean).putDouble(logVar)
                .putDouble(reference).putDouble(referenceStd).putDouble(anomalyRate).putLong(sinceEvent)
                .putFloat(eventScore);
        for (float p : peaks) {
            buf.putFloat(p);
        }
        buf.putFloat(blockPeak).putInt(blockFill).putInt(nextBlock).putDouble(mean).putDouble(var);
        for (float r : recent) {
            buf.putFloat(r);
        }
        return buf.array();
    }

    public static ThresholdState fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        ThresholdState s = new ThresholdState();
        if (format != FORMAT || bytes.length != BYTES) {
            return s; // an older layout: the key learns its threshold again
        }
        s.scores = buf.getLong();
        s.logMean = buf.getDouble();
        s.logVar = buf.getDouble();
        s.reference = buf.getDouble();
        s.referenceStd = buf.getDouble();
        s.anomalyRate = buf.getDouble();
        s.sinceEvent = buf.getLong();
        s.eventScore = buf.getFloat();
        for (int i = 0; i < BLOCKS; i++) {
            s.peaks[i] = buf.getFloat();
        }
        s.blockPeak = buf.getFloat();
        s.blockFill = buf.getInt();
        s.nextBlock = buf.getInt();
        s.mean = buf.getDouble();
        s.var = buf.getDouble();
        for (int i = 0; i < RECENT; i++) {
            s.recent[i] = buf.getFloat();
        }
        return s;
    }
}
