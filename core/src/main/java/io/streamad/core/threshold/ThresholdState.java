package io.streamad.core.threshold;

import java.nio.ByteBuffer;

/**
 * A key's score history in 41 bytes: how many scores it has, the exponentially weighted mean and
 * variance of the logs of its normal scores, its recent anomaly rate, and the log median of the
 * calibration the scores were measured against (so a new model's scale can be carried over).
 */
public final class ThresholdState {

    private static final byte FORMAT = 1;

    long scores;
    double logMean;
    double logVar;
    double reference;
    double anomalyRate;

    public long scores() {
        return scores;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(41).put(FORMAT).putLong(scores).putDouble(logMean).putDouble(logVar)
                .putDouble(reference).putDouble(anomalyRate).array();
    }

    public static ThresholdState fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown threshold state format " + format);
        }
        ThresholdState s = new ThresholdState();
        s.scores = buf.getLong();
        s.logMean = buf.getDouble();
        s.logVar = buf.getDouble();
        s.reference = buf.getDouble();
        s.anomalyRate = buf.getDouble();
        return s;
    }
}
