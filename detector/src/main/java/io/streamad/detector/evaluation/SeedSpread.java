package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamad.core.evaluation.EventMetrics;
import io.streamad.core.evaluation.PointMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headline figures of one evaluation per trainer seed, and their mean, lowest and highest: how far a figure
 * is the data's and the settings', and how far the seed's.
 */
final class SeedSpread {

    /** The trainer setting the runs differ in. */
    static final String KEY = "streamad.trainer.retrain.seed";

    private final List<Long> seeds = new ArrayList<>();
    private final List<Map<String, Double>> figures = new ArrayList<>();

    void add(long seed, Map<String, Double> runFigures) {
        seeds.add(seed);
        figures.add(runFigures);
    }

    /** A series run's NAB scores (NAB data) or point-wise figures (labelled data), and its events detected. */
    static Map<String, Double> figures(Report report) {
        Map<String, Double> f = new LinkedHashMap<>();
        report.nab().forEach((profile, score) -> f.put("nab." + profile, score));
        PointMetrics points = report.points();
        if (points != null) {
            f.put("precision", points.precision());
            f.put("recall", points.recall());
            f.put("f1", points.f1());
        }
        EventMetrics events = report.events();
        if (events != null) {
            f.put("eventsDetected", (double) events.detected());
        }
        return f;
    }

    /** A card run's incidents caught, alerts on genuine transactions, point-wise F1 and average precision. */
    static Map<String, Double> figures(CardScore score) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("incidentsCaught", (double) score.caught());
        f.put("falseAlertsPer10k", score.falseAlertsPer10k());
        f.put("f1", score.points().f1());
        f.put("averagePrecision", score.averagePrecision());
        return f;
    }

    /** Prints the table and writes {@code seeds.json} into {@code out}. */
    void finish(Path out, PrintStream console) throws IOException {
        if (figures.get(0).isEmpty()) {
            console.printf("%nNo labels: nothing to compare across the %d seeds (each run's scores are in its records)%n",
                    seeds.size());
        } else {
            print(console);
        }
        writeJson(out.resolve("seeds.json"));
        console.printf("Across seeds: %s%n", out.resolve("seeds.json"));
    }

    /** Per figure: the mean, lowest and highest over the seeds. */
    Map<String, Map<String, Double>> summary() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String name : figures.get(0).keySet()) {
            DoubleSummaryStatistics v = figures.stream().mapToDouble(f -> f.getOrDefault(name, Double.NaN)).summaryStatistics();
            out.put(name, Map.of("mean", v.getAverage(), "min", v.getMin(), "max", v.getMax()));
        }
        return out;
    }

    void print(PrintStream console) {
        List<String> names = List.copyOf(figures.get(0).keySet());
        StringBuilder header = new StringBuilder(String.format("%nAcross %d seeds%n%-8s", seeds.size(), "seed"));
        names.forEach(n -> header.append(String.format(" %" + width(n) + "s", n)));
        console.println(header);
        for (int i = 0; i < seeds.size(); i++) {
            StringBuilder row = new StringBuilder(String.format("%-8d", seeds.get(i)));
            for (String n : names) {
                row.append(String.format(" %" + width(n) + "s", format(n, figures.get(i).get(n))));
            }
            console.println(row);
        }
        Map<String, Map<String, Double>> summary = summary();
        for (String stat : List.of("mean", "min", "max")) {
            StringBuilder row = new StringBuilder(String.format("%-8s", stat));
            names.forEach(n -> row.append(String.format(" %" + width(n) + "s", format(n, summary.get(n).get(stat)))));
            console.println(row);
        }
    }

    void writeJson(Path file) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("seed", seeds.get(i));
            run.putAll(figures.get(i));
            runs.add(run);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("setting", KEY);
        out.put("runs", runs);
        out.put("summary", summary());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
    }

    private static int width(String name) {
        return Math.max(8, name.length());
    }

    private static String format(String name, Double value) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        return name.startsWith("nab.") || name.equals("eventsDetected") || name.equals("incidentsCaught")
                || name.equals("falseAlertsPer10k") ? String.format("%.1f", value) : String.format("%.3f", value);
    }
}
