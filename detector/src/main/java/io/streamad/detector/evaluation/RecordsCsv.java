package io.streamad.detector.evaluation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes one series' per-record outcome: time, value, label, score, threshold, verdict, the rule besides the score
 * that made it an anomaly ({@code range}, {@code stuck}), alert and model version.
 */
final class RecordsCsv {

    private RecordsCsv() {
    }

    static void write(SeriesResult r, Path file) throws IOException {
        Series s = r.series();
        long[] times = s.times();
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("timestamp,value,label,score,threshold,verdict,rule,alert,model\n");
            for (int i = 0; i < times.length; i++) {
                out.write(Instant.ofEpochMilli(times[i]) + "," + r.values()[i] + ","
                        + (s.labelled() ? (s.labels()[i] ? "1" : "0") : "") + "," + r.scores()[i] + ","
                        + r.thresholds()[i] + "," + r.verdicts()[i] + "," + r.rules()[i] + "," + (r.alerts()[i] ? "1" : "0") + ","
                        + (r.models()[i] == null ? "" : r.models()[i]) + "\n");
            }
        }
    }

    /** A file name from a series name ({@code realKnownCause/nyc_taxi.csv} becomes {@code realKnownCause_nyc_taxi}). */
    static String fileName(String series) {
        String base = series.endsWith(".csv") ? series.substring(0, series.length() - 4) : series;
        return base.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
