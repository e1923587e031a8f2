package io.streamad.core.evaluation;

/**
 * Row-by-row agreement between detections and labels.
 *
 * @param tp flagged rows labelled anomalous
 * @param fp flagged rows labelled normal
 * @param tn unflagged rows labelled normal
 * @param fn unflagged rows labelled anomalous
 */
public record PointMetrics(long tp, long fp, long tn, long fn) {

    /** Counts rows {@code from} onwards (rows before it, such as a warm-up, are not judged). */
    public static PointMetrics of(boolean[] labels, boolean[] detections, int from) {
        if (labels.length != detections.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + detections.length + " detections");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = Math.max(0, from); i < labels.length; i++) {
            if (labels[i]) {
                tp += detections[i] ? 1 : 0;
                fn += detections[i] ? 0 : 1;
            } else {
                fp += detections[i] ? 1 : 0;
                tn += detections[i] ? 0 : 1;
            }
        }
        return new PointMetrics(tp, fp, tn, fn);
    }

    public PointMetrics plus(PointMetrics other) {
        return new PointMetrics(tp + other.tp, fp + other.fp, tn + other.tn, fn + other.fn);
    }

    /** Share of flagged rows that are anomalous; 0 when nothing was flagged. */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** Share of anomalous rows flagged. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Share of normal rows flagged. */
    public double falseAlarmRate() {
        return ratio(fp, fp + tn);
    }

    /** Share of anomalous rows not flagged. */
    public double missedAlarmRate() {
        return ratio(fn, tp + fn);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
