package io.streamad.detector.evaluation;

import io.streamad.avro.SensorReading;
import io.streamad.core.series.TimeSeriesCsv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A generic multivariate CSV (optionally gzipped): a header row, an optional timestamp column, feature
 * columns, and an optional 0/1 label column, or labels in a file of their own. The separator is
 * detected from the header unless given. Without timestamps, rows are spaced {@code interval} apart.
 *
 * @param separator       the column separator, or null to detect it
 * @param timestampColumn the timestamp column, or null when there is none
 * @param labelColumn     the 0/1 label column, or null
 * @param columns         the feature columns to use, or null for every other column
 * @param interval        the spacing of rows without timestamps
 */
public record LabelledCsv(String separator, String timestampColumn, String labelColumn, List<String> columns,
                          Duration interval) {

    private static final String CANDIDATE_SEPARATORS = ",;\t|";

    /** Parsed rows; {@code labels} is null when the file has no label column. */
    public record Table(List<String> measurements, List<SensorReading> readings, boolean[] labels) {
    }

    /**
     * @param key   the sensor id the readings get
     * @param start the first row's time when the file has no timestamps
     * @throws IllegalArgumentException naming the file and line of the first malformed row
     */
    public Table read(Path file, String key, Instant start) throws IOException {
        try (BufferedReader in = open(file)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException(file + ":1: empty file, expected a header row");
            }
            String sep = separator != null ? separator : detect(header);
            String[] names = split(header, sep);
            int timeAt = index(file, names, timestampColumn);
            int labelAt = index(file, names, labelColumn);
            List<String> features = new ArrayList<>();
            List<Integer> featureAt = new ArrayList<>();
            for (int c = 0; c < names.length; c++) {
                boolean chosen = columns == null ? c != timeAt && c != labelAt : columns.contains(names[c]);
                if (chosen) {
                    features.add(names[c]);
                    featureAt.add(c);
                }
            }
            if (columns != null && features.size() != columns.size()) {
                throw new IllegalArgumentException(file + ":1: columns " + columns + " not all in the header " + List.of(names));
            }
            if (features.isEmpty()) {
                throw new IllegalArgumentException(file + ":1: no feature column in the header " + List.of(names));
            }
            List<SensorReading> readings = new ArrayList<>();
            List<Boolean> labels = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line, sep);
                if (cells.length != names.length) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": expected " + names.length + " columns, got "
                            + cells.length);
                }
                Instant time = timeAt >= 0 ? TimeSeriesCsv.parseTime(file.toString(), lineNo, cells[timeAt])
                        : start.plus(interval.multipliedBy(readings.size()));
                Map<String, Double> values = new HashMap<>();
                for (int f = 0; f < features.size(); f++) {
                    values.put(features.get(f), number(file, lineNo, features.get(f), cells[featureAt.get(f)]));
                }
                readings.add(new SensorReading(key, time, values));
                if (labelAt >= 0) {
                    labels.add(label(file, lineNo, cells[labelAt]));
                }
            }
            return new Table(features, readings, labelAt >= 0 ? toArray(labels) : null);
        }
    }

    /** A file of 0/1 labels, one per row, with or without a header. */
    public static boolean[] readLabels(Path file) throws IOException {
        List<Boolean> labels = new ArrayList<>();
        try (BufferedReader in = open(file)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String cell = line.trim();
                if (cell.isEmpty() || (lineNo == 1 && !cell.matches("[-+0-9.eE]+"))) {
                    continue;
                }
                labels.add(label(file, lineNo, cell));
            }
        }
        return toArray(labels);
    }

    static BufferedReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The candidate separator that splits the header into the most columns. */
    static String detect(String header) {
        char best = ',';
        long most = 0;
        for (char c : CANDIDATE_SEPARATORS.toCharArray()) {
            long n = header.chars().filter(ch -> ch == c).count();
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return String.valueOf(best);
    }

    static String[] split(String line, String sep) {
        String[] cells = line.split(java.util.regex.Pattern.quote(sep), -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
            if (cells[i].length() >= 2 && cells[i].startsWith("\"") && cells[i].endsWith("\"")) {
                cells[i] = cells[i].substring(1, cells[i].length() - 1);
            }
        }
        return cells;
    }

    private static int index(Path file, String[] names, String column) {
        if (column == null) {
            return -1;
        }
        int at = List.of(names).indexOf(column);
        if (at < 0) {
            throw new IllegalArgumentException(file + ":1: no column '" + column + "' in the header " + List.of(names));
        }
        return at;
    }

    private static double number(Path file, int lineNo, String column, String cell) {
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the place
        }
        throw new IllegalArgumentException(file + ":" + lineNo + ": column '" + column + "' is not a finite number: '"
                + cell + "'");
    }

    private static boolean label(Path file, int lineNo, String cell) {
        String c = cell.trim();
        if (c.equals("1") || c.equals("1.0") || c.equalsIgnoreCase("true")) {
            return true;
        }
        if (c.equals("0") || c.equals("0.0") || c.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(file + ":" + lineNo + ": a label must be 0 or 1, got '" + cell + "'");
    }

    private static boolean[] toArray(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
