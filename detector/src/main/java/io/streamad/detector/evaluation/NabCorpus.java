package io.streamad.detector.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamad.avro.SensorReading;
import io.streamad.core.evaluation.NabScorer;
import io.streamad.core.series.TimeSeriesCsv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A data set in NAB's layout: {@code data/<category>/<file>.csv} (timestamp, value) and
 * {@code labels/combined_windows.json} ({@code {"<category>/<file>.csv": [[start, end], ...]}}).
 */
public final class NabCorpus {

    private static final String WINDOWS = "labels/combined_windows.json";

    private NabCorpus() {
    }

    /**
     * @param root   the folder holding {@code data/} and {@code labels/}
     * @param select which files to load, by their {@code <category>/<file>.csv} name
     * @throws IllegalArgumentException naming the file (and line) that is missing or malformed
     */
    public static List<Series> load(Path root, Predicate<String> select) throws IOException {
        Path labels = root.resolve(WINDOWS);
        if (!Files.isRegularFile(labels)) {
            throw new IllegalArgumentException(root + " is not in NAB's layout: " + labels + " is missing");
        }
        Map<String, List<NabScorer.Window>> windows = windows(labels);
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, List<NabScorer.Window>> file : windows.entrySet()) {
            if (!select.test(file.getKey())) {
                continue;
            }
            Path csv = root.resolve("data").resolve(file.getKey());
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException(labels + " names " + file.getKey() + " but " + csv + " is missing");
            }
            List<SensorReading> readings;
            try (BufferedReader in = Files.newBufferedReader(csv)) {
                readings = TimeSeriesCsv.read(csv.toString(), in, file.getKey());
            }
            for (SensorReading r : readings) {
                if (!r.getMeasurements().containsKey("value")) {
                    throw new IllegalArgumentException(csv + ": expected the columns 'timestamp,value'");
                }
            }
            series.add(Series.nab(file.getKey(), readings, file.getValue()));
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no file of " + labels + " matches the selection");
        }
        return series;
    }

    /**
     * Labelled windows in NAB's JSON form, {@code {"<name>": [["start", "end"], ...]}}, by name.
     *
     * @throws IllegalArgumentException naming the file (and line) when it is malformed
     */
    public static Map<String, List<NabScorer.Window>> windows(Path file) throws IOException {
        Map<String, List<List<String>>> raw;
        try {
            raw = new ObjectMapper().readValue(file.toFile(), new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ":" + e.getLocation().getLineNr()
                    + ": expected {\"<name>\": [[start, end], ...]}: " + e.getOriginalMessage(), e);
        }
        Map<String, List<NabScorer.Window>> windows = new TreeMap<>();
        raw.forEach((name, pairs) -> {
            List<NabScorer.Window> list = new ArrayList<>();
            for (List<String> pair : pairs) {
                if (pair == null || pair.size() != 2) {
                    throw new IllegalArgumentException(file + ": a window of " + name + " is not [start, end]: " + pair);
                }
                list.add(new NabScorer.Window(time(file, pair.get(0)), time(file, pair.get(1))));
            }
            windows.put(name, List.copyOf(list));
        });
        return windows;
    }

    private static long time(Path file, String text) {
        return TimeSeriesCsv.parseTime(file.toString(), 0, text.trim()).toEpochMilli();
    }
}
