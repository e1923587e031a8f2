package io.streamad.core.series;

import io.streamad.avro.SensorReading;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a time series CSV with a header: the first column is the timestamp
 * ({@code yyyy-MM-dd HH:mm:ss[.SSSSSS]} as in NAB, ISO-8601, or epoch milliseconds), every other
 * column is a measurement named by its header. Each row becomes one {@link SensorReading}.
 */
public final class TimeSeriesCsv {

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private TimeSeriesCsv() {
    }

    /**
     * @param source   a name for error messages (file or resource)
     * @param reader   the CSV text
     * @param sensorId the id every reading gets
     * @throws IllegalArgumentException naming the source and line of the first malformed row
     */
    public static List<SensorReading> read(String source, BufferedReader reader, String sensorId) {
        try {
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalArgumentException(source + ": empty file, expected a header line");
            }
            String[] columns = header.split(",");
            if (columns.length < 2) {
                throw new IllegalArgumentException(source + ":1: expected 'timestamp,<measurement>...', got '" + header + "'");
            }
            List<SensorReading> readings = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (!line.isBlank()) {
                    readings.add(parse(source, lineNo, line, columns, sensorId));
                }
            }
            return readings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static SensorReading parse(String source, int lineNo, String line, String[] columns, String sensorId) {
        String[] cells = line.split(",", -1);
        if (cells.length != columns.length) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": expected " + columns.length
                    + " columns, got " + cells.length);
        }
        Map<String, Double> measurements = new HashMap<>();
        for (int c = 1; c < columns.length; c++) {
            try {
                measurements.put(columns[c].trim(), Double.parseDouble(cells[c].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": column '" + columns[c].trim()
                        + "' is not a number: '" + cells[c] + "'", e);
            }
        }
        return new SensorReading(sensorId, parseTime(source, lineNo, cells[0].trim()), measurements);
    }

    /** NAB's {@code yyyy-MM-dd HH:mm:ss} (read as UTC), ISO-8601 instants, or epoch milliseconds. */
    public static Instant parseTime(String source, int lineNo, String text) {
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            if (text.endsWith("Z") || text.contains("T")) {
                return Instant.parse(text);
            }
            return LocalDateTime.parse(text, NAB_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": cannot read timestamp '" + text + "'", e);
        }
    }
}
