package io.streamad.detector.evaluation;

import io.streamad.avro.Verdict;
import io.streamad.core.model.ThresholdCalibration;

import java.util.List;

/**
 * What the replay made of one series' judged readings, row by row, and the models trained on the way.
 *
 * @param values     the first measurement, for plots
 * @param alerts     whether an anomaly event was emitted for the row
 * @param models     the version that scored each row, null while warming up
 * @param rules      the rule besides the model's score that made a row an anomaly ({@code range}, {@code stuck},
 *                   {@code range+stuck}), empty where there was none
 * @param trainings  every candidate the simulated trainer produced, in order
 * @param millis     wall time of the replay
 */
public record SeriesResult(Series series, double[] values, double[] scores, double[] thresholds, Verdict[] verdicts,
                           boolean[] alerts, String[] models, String[] rules, List<Training> trainings,
                           long millis) {

    /**
     * One candidate of the retraining loop.
     *
     * @param calibration the accepted model's calibration (its global threshold, log median and spread), null for a
     *                    refused one
     */
    public record Training(String version, long eventTime, boolean accepted, String reason, long millis, int rows,
                           ThresholdCalibration calibration) {
    }

    /** Rows flagged anomalous by their verdict. */
    public boolean[] anomalous() {
        boolean[] out = new boolean[verdicts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = verdicts[i] == Verdict.ANOMALY;
        }
        return out;
    }

    public int alertCount() {
        int n = 0;
        for (boolean a : alerts) {
            n += a ? 1 : 0;
        }
        return n;
    }

    /** Index of the first row scored by a model, or the row count when none was. */
    public int firstScored() {
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i] != Verdict.WARMING_UP) {
                return i;
            }
        }
        return verdicts.length;
    }
}
