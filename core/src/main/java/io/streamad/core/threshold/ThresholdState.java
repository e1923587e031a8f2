package io.streamad.core.threshold;

import java.nio.ByteBuffer;

/**
 * A key's score history in 49 bytes: how many scores it has, the exponentially weighted mean and
 * upper variance of the logs of its normal scores, its recent anomaly rate, and the log median and
 * spread of the calibration the scores were measured against (so a new model's scale can be carried
 * over).
 */
public final class ThresholdState {

    private static final byte FORMAT = 2;

    long scores;
    double logMean;
    double logVar;
    double reference;
    double referenceStd;
    double anomalyRate;

    public long scores() {
        return scores;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(49).put(FORMAT).putLong(scores).putDouble(logMean).putDouble(logVar)
                .putDouble(reference).putDouble(referenceStd).putDouble(anomalyRate).array();
    }

    public static ThresholdState fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        byte format = buf.get();
        ThresholdState s = new ThresholdState();
        if (format != FORMAT) {
            return s; // an older layout: the key learns its threshold again
        }
        s.scores = buf.getLong();
        s.logMean = buf.getDouble();
        s.logVar = buf.getDouble();
        s.reference = buf.getDouble();
        s.referenceStd = buf.getDouble();
        s.anomalyRate = buf.getDouble();
        return s;
    }
}
