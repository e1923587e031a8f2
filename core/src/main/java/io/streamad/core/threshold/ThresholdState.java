package io.streamad.core.threshold;

import java.nio.ByteBuffer;

/**
 * A key's score history: how many scores it has, the exponentially weighted mean and upper
 * variance of the logs of its normal scores, its recent anomaly rate, the log median and spread of the
 * calibration the scores were measured against (so a new model's scale can be carried over), the highest
 * score of each of its last {@value #BLOCKS} blocks of scores (a sliding maximum), and how many scores ago
 * it last raised an anomaly event and with which score; for the likelihood mode, the exponentially
 * weighted mean and variance of its raw scores and its last {@value #RECENT} scores.
 *
 * <p>Stored with only the fields of the mode that last decided on it: 86 bytes for the likelihood mode,
 * 126 for peak, 66 for band ({@value #COMPACT} then the mode's code). The layout before the scores since the
 * key's last anomaly were kept (format {@value #COMPACT_WITHOUT_CALM}, 4 bytes shorter) and the full layout of
 * every mode's fields (173 bytes, format {@value #FULL}) are still read, as a key whose last anomaly is long past; a state written under another mode
 * than the current one is started afresh by {@link AdaptiveThreshold}, since the fields the current mode needs
 * were not kept.
 */
public final class ThresholdState {

    /** Blocks the peak memory is cut into: the sliding maximum is exact to one block. */
    static final int BLOCKS = 16;
    /** Scores the likelihood mode averages. */
    static final int RECENT = 5;
    /** Every mode's fields. */
    static final byte FULL = 4;
    /** The fields of one mode, without the scores since the last anomaly. */
    static final byte COMPACT_WITHOUT_CALM = 5;
    /** The fields of one mode. */
    static final byte COMPACT = 6;
    /** "Never", for the counts of scores since something happened. */
    static final long FAR_PAST = Long.MAX_VALUE / 2;
    private static final int FULL_BYTES = 1 + 8 * 6 + 8 + 4 + 4 * BLOCKS + 4 + 4 + 4 + 8 + 8 + 4 * RECENT;
    /** Format, mode, and the fields every mode uses: scores, anomaly rate, since event, event score, reference. */
    private static final int COMMON_BYTES = 1 + 1 + 8 + 8 + 8 + 4 + 8 + 8 + 4;

    /** The mode that last decided on this state; null for a fresh state or one read from the full format. */
    ThresholdPolicy.Mode mode;

    long scores;
    double logMean;
    double logVar;
    double reference;
    double referenceStd;
    double anomalyRate;
    /** Scores since the key's last anomaly event; starts far in the past. */
    long sinceEvent = FAR_PAST;
    /** Scores since the key's last anomalous one (capped at {@link Integer#MAX_VALUE} when stored); starts far in the past. */
    long sinceAnomaly = FAR_PAST;
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

    /** Forgets the key's history, as if it were new. */
    void restart() {
        ThresholdState fresh = new ThresholdState();
        scores = fresh.scores;
        logMean = fresh.logMean;
        logVar = fresh.logVar;
        reference = fresh.reference;
        referenceStd = fresh.referenceStd;
        anomalyRate = fresh.anomalyRate;
        sinceEvent = fresh.sinceEvent;
        sinceAnomaly = fresh.sinceAnomaly;
        eventScore = fresh.eventScore;
        java.util.Arrays.fill(peaks, 0f);
        blockPeak = 0;
        blockFill = 0;
        nextBlock = 0;
        mean = 0;
        var = 0;
        java.util.Arrays.fill(recent, 0f);
    }

    public byte[] toBytes() {
        if (mode == null) {
            return fullBytes();
        }
        ByteBuffer buf = ByteBuffer.allocate(compactBytes(mode, COMPACT)).put(COMPACT).put(code(mode)).putLong(scores)
                .putDouble(anomalyRate).putLong(sinceEvent).putFloat(eventScore).putDouble(reference).putDouble(referenceStd)
                .putInt((int) Math.min(sinceAnomaly, Integer.MAX_VALUE));
        switch (mode) {
            case LIKELIHOOD -> {
                buf.putDouble(mean).putDouble(var);
                for (float r : recent) {
                    buf.putFloat(r);
                }
            }
            case PEAK -> {
                for (float p : peaks) {
                    buf.putFloat(p);
                }
                buf.putFloat(blockPeak).putInt(blockFill).putInt(nextBlock);
            }
            case BAND -> buf.putDouble(logMean).putDouble(logVar);
        }
        return buf.array();
    }

    /** Every mode's fields: the layout before per-mode encoding, still written for a state no mode decided on. */
    byte[] fullBytes() {
        ByteBuffer buf = ByteBuffer.allocate(FULL_BYTES).put(FULL).putLong(scores).putDouble(logMean).putDouble(logVar)
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

    private static int compactBytes(ThresholdPolicy.Mode mode, byte format) {
        return COMMON_BYTES - (format == COMPACT_WITHOUT_CALM ? 4 : 0) + switch (mode) {
            case LIKELIHOOD -> 8 + 8 + 4 * RECENT;
            case PEAK -> 4 * BLOCKS + 4 + 4 + 4;
            case BAND -> 8 + 8;
        };
    }

    /** Stable codes, independent of the enum's order. */
    private static byte code(ThresholdPolicy.Mode mode) {
        return switch (mode) {
            case LIKELIHOOD -> 1;
            case PEAK -> 2;
            case BAND -> 3;
        };
    }

    private static ThresholdPolicy.Mode mode(byte code) {
        return switch (code) {
            case 1 -> ThresholdPolicy.Mode.LIKELIHOOD;
            case 2 -> ThresholdPolicy.Mode.PEAK;
            case 3 -> ThresholdPolicy.Mode.BAND;
            default -> null;
        };
    }

    public static ThresholdState fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format == FULL && bytes.length == FULL_BYTES) {
            return fromFull(buf);
        }
        boolean compact = format == COMPACT || format == COMPACT_WITHOUT_CALM;
        ThresholdPolicy.Mode stored = bytes.length >= 2 && compact ? mode(bytes[1]) : null;
        if (stored == null || bytes.length != compactBytes(stored, format)) {
            return new ThresholdState(); // an older or unknown layout: the key learns its threshold again
        }
        buf.get();
        ThresholdState s = new ThresholdState();
        s.mode = stored;
        s.scores = buf.getLong();
        s.anomalyRate = buf.getDouble();
        s.sinceEvent = buf.getLong();
        s.eventScore = buf.getFloat();
        s.reference = buf.getDouble();
        s.referenceStd = buf.getDouble();
        if (format == COMPACT) {
            int calm = buf.getInt();
            s.sinceAnomaly = calm == Integer.MAX_VALUE ? FAR_PAST : calm;
        }
        switch (stored) {
            case LIKELIHOOD -> {
                s.mean = buf.getDouble();
                s.var = buf.getDouble();
                for (int i = 0; i < RECENT; i++) {
                    s.recent[i] = buf.getFloat();
                }
            }
            case PEAK -> {
                for (int i = 0; i < BLOCKS; i++) {
                    s.peaks[i] = buf.getFloat();
                }
                s.blockPeak = buf.getFloat();
                s.blockFill = buf.getInt();
                s.nextBlock = buf.getInt();
            }
            case BAND -> {
                s.logMean = buf.getDouble();
                s.logVar = buf.getDouble();
            }
        }
        return s;
    }

    private static ThresholdState fromFull(ByteBuffer buf) {
        ThresholdState s = new ThresholdState();
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
