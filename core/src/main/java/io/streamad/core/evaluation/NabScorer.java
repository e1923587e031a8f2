package io.streamad.core.evaluation;

import java.util.Arrays;
import java.util.List;

/**
 * Scores one data file's detections the way NAB's sweeper does. The first
 * {@link #probation(int) probationary} rows are ignored. Inside a labelled window, only the earliest
 * detection counts, earning up to the profile's true-positive weight by a scaled sigmoid of its
 * position (early is better); a window without detection costs the false-negative weight. Outside the
 * windows every detection costs the false-positive weight, scaled by its distance after the previous
 * window (detections just after a window cost little, later ones the full weight).
 */
public final class NabScorer {

    /** NAB's probationary share of a file, capped at this share of a 5000-row file. */
    private static final double PROBATION_SHARE = 0.15;
    private static final int PROBATION_BASE = 5000;

    private NabScorer() {
    }

    /** A window of rows, by event time, both ends inclusive (epoch milliseconds). */
    public record Window(long start, long end) {
        public Window {
            if (end < start) {
                throw new IllegalArgumentException("window ends (" + end + ") before it starts (" + start + ")");
            }
        }

        boolean contains(long time) {
            return time >= start && time <= end;
        }
    }

    /**
     * A file's score and its row counts, probationary rows left out.
     *
     * @param windowsDetected labelled windows with at least one counted detection
     * @param windows         labelled windows scored (those reaching past the probationary period)
     */
    public record FileScore(double score, int tp, int tn, int fp, int fn, int windowsDetected, int windows) {
    }

    /** Rows at the start of a file in which no detection counts: 15% of it, at most 750. */
    public static int probation(int rows) {
        return (int) Math.min(Math.floor(PROBATION_SHARE * rows), PROBATION_SHARE * PROBATION_BASE);
    }

    /**
     * @param times      each row's event time, ascending
     * @param detections whether the detector flagged each row
     * @param windows    the file's labelled windows, ordered and disjoint
     */
    public static FileScore score(long[] times, boolean[] detections, List<Window> windows, NabProfile profile) {
        if (times.length != detections.length) {
            throw new IllegalArgumentException(times.length + " times but " + detections.length + " detections");
        }
        int[] windowOf = windowOfRow(times, windows);
        double[] weighted = weightedScores(windowOf, profile);
        int probation = probation(times.length);
        double[] best = new double[windows.size()];
        Arrays.fill(best, Double.NaN);
        boolean[] scored = new boolean[windows.size()];
        double falsePositives = 0;
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        for (int i = probation; i < times.length; i++) {
            int w = windowOf[i];
            if (w >= 0) {
                scored[w] = true;
                if (detections[i]) {
                    tp++;
                    best[w] = Double.isNaN(best[w]) ? weighted[i] : Math.max(best[w], weighted[i]);
                } else {
                    fn++;
                }
            } else if (detections[i]) {
                fp++;
                falsePositives += weighted[i];
            } else {
                tn++;
            }
        }
        double total = falsePositives;
        int detected = 0;
        int counted = 0;
        for (int w = 0; w < windows.size(); w++) {
            if (!scored[w]) {
                continue;
            }
            counted++;
            if (Double.isNaN(best[w])) {
                total -= profile.fnWeight();
            } else {
                total += best[w];
                detected++;
            }
        }
        return new FileScore(total, tp, tn, fp, fn, detected, counted);
    }

    /** The window index of every row, or -1 outside all windows. */
    static int[] windowOfRow(long[] times, List<Window> windows) {
        int[] windowOf = new int[times.length];
        Arrays.fill(windowOf, -1);
        for (int i = 0; i < times.length; i++) {
            for (int w = 0; w < windows.size(); w++) {
                if (windows.get(w).contains(times[i])) {
                    windowOf[i] = w;
                    break;
                }
            }
        }
        return windowOf;
    }

    /** What a detection at each row would be worth: positive in a window, negative outside. */
    private static double[] weightedScores(int[] windowOf, NabProfile profile) {
        double maxTp = scaledSigmoid(-1.0);
        double[] weighted = new double[windowOf.length];
        int prevRight = -1;
        int prevWidth = 0;
        for (int i = 0; i < windowOf.length; ) {
            int w = windowOf[i];
            if (w < 0) {
                double unweighted = prevRight < 0 ? -1.0
                        : scaledSigmoid(Math.abs(prevRight - i) / (double) Math.max(1, prevWidth - 1));
                weighted[i] = unweighted * profile.fpWeight();
                i++;
                continue;
            }
            int left = i;
            int right = i;
            while (right + 1 < windowOf.length && windowOf[right + 1] == w) {
                right++;
            }
            int width = right - left + 1;
            for (int j = left; j <= right; j++) {
                double position = -(right - j + 1) / (double) width;
                weighted[j] = scaledSigmoid(position) * profile.tpWeight() / maxTp;
            }
            prevRight = right;
            prevWidth = width;
            i = right + 1;
        }
        return weighted;
    }

    /** NAB's sigmoid: about 1 well inside a window's start, 0 at its end, towards -1 far past it. */
    static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }
}
