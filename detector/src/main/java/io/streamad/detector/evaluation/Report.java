package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamad.core.evaluation.EventMetrics;
import io.streamad.core.evaluation.NabProfile;
import io.streamad.core.evaluation.NabScorer;
import io.streamad.core.evaluation.PointMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of an evaluation: corpus-wide NAB scores (normalised as NAB does), point-wise and
 * event-level metrics, and the same per series; written as JSON and printed as a table.
 */
public final class Report {

    private final String dataset;
    private final Map<String, Object> settings;
    private final List<SeriesScore> series;
    private final long millis;

    Report(String dataset, Map<String, Object> settings, List<SeriesScore> series, long millis) {
        this.dataset = dataset;
        this.settings = settings;
        this.series = List.copyOf(series);
        this.millis = millis;
    }

    public List<SeriesScore> scores() {
        return series;
    }

    /** NAB's normalised score per profile name, over every series with windows; empty when none has. */
    public Map<String, Double> nab() {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (NabProfile profile : NabProfile.ALL) {
            double total = 0;
            int windows = 0;
            boolean any = false;
            for (SeriesScore s : series) {
                NabScorer.FileScore f = s.nab().get(profile.name());
                if (f != null) {
                    total += f.score();
                    windows += f.windows();
                    any = true;
                }
            }
            if (any) {
                scores.put(profile.name(), profile.normalise(total, windows));
            }
        }
        return scores;
    }

    /** Point-wise metrics summed over the labelled series, or null when none is labelled. */
    public PointMetrics points() {
        return series.stream().map(SeriesScore::points).filter(p -> p != null).reduce(PointMetrics::plus).orElse(null);
    }

    /** Event-level metrics over the labelled series, or null when none is labelled. */
    public EventMetrics events() {
        return series.stream().map(SeriesScore::events).filter(e -> e != null).reduce(EventMetrics::plus).orElse(null);
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
    }

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("settings", settings);
        out.put("series", series.size());
        out.put("rows", series.stream().mapToInt(s -> s.result().verdicts().length).sum());
        out.put("seconds", millis / 1000.0);
        Map<String, Double> nab = nab();
        if (!nab.isEmpty()) {
            Map<String, Object> n = new LinkedHashMap<>(nab);
            n.put("windows", series.stream().mapToInt(s -> s.nab().get("standard").windows()).sum());
            n.put("windowsDetected", series.stream().mapToInt(s -> s.nab().get("standard").windowsDetected()).sum());
            n.put("falsePositives", series.stream().mapToInt(s -> s.nab().get("standard").fp()).sum());
            out.put("nab", n);
        }
        PointMetrics points = points();
        if (points != null) {
            out.putAll(pointMap(points));
            out.put("events", eventMap(events()));
        }
        out.put("alerts", series.stream().mapToInt(s -> s.result().alertCount()).sum());
        List<Map<String, Object>> perSeries = new ArrayList<>();
        for (SeriesScore s : series) {
            perSeries.add(seriesMap(s));
        }
        out.put("perSeries", perSeries);
        return out;
    }

    private static Map<String, Object> seriesMap(SeriesScore s) {
        SeriesResult r = s.result();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("rows", r.verdicts().length);
        m.put("alerts", r.alertCount());
        m.put("firstScoredRow", r.firstScored());
        m.put("modelsAccepted", r.trainings().stream().filter(SeriesResult.Training::accepted).count());
        m.put("modelsRejected", r.trainings().stream().filter(t -> !t.accepted()).count());
        m.put("seconds", r.millis() / 1000.0);
        m.put("models", r.trainings().stream().map(Report::trainingMap).toList());
        if (!s.nab().isEmpty()) {
            Map<String, Object> nab = new LinkedHashMap<>();
            s.nab().forEach((profile, f) -> nab.put(profile, f.score()));
            NabScorer.FileScore standard = s.nab().get("standard");
            nab.put("windows", standard.windows());
            nab.put("windowsDetected", standard.windowsDetected());
            nab.put("falsePositives", standard.fp());
            m.put("nab", nab);
        }
        if (s.points() != null) {
            m.putAll(pointMap(s.points()));
            m.put("events", eventMap(s.events()));
        }
        return m;
    }

    /**
     * One candidate: when (event time), accepted or why not, on how many rows, and the accepted one's calibration: its
     * global threshold and the log median and spread of its held-out errors, which place a key's threshold state on a
     * model swap.
     */
    static Map<String, Object> trainingMap(SeriesResult.Training t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", t.version());
        m.put("at", java.time.Instant.ofEpochMilli(t.eventTime()).toString());
        m.put("accepted", t.accepted());
        if (t.reason() != null) {
            m.put("reason", t.reason());
        }
        m.put("rows", t.rows());
        m.put("trainingSeconds", t.millis() / 1000.0);
        if (t.calibration() != null) {
            m.put("globalThreshold", t.calibration().threshold());
            m.put("logMedian", t.calibration().logMedian());
            m.put("logStd", t.calibration().logStd());
        }
        return m;
    }

    private static Map<String, Object> pointMap(PointMetrics p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", p.precision());
        m.put("recall", p.recall());
        m.put("f1", p.f1());
        m.put("falseAlarmRate", p.falseAlarmRate());
        m.put("missedAlarmRate", p.missedAlarmRate());
        m.put("confusion", Map.of("tp", p.tp(), "fp", p.fp(), "tn", p.tn(), "fn", p.fn()));
        return m;
    }

    private static Map<String, Object> eventMap(EventMetrics e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labelled", e.events());
        m.put("detected", e.detected());
        m.put("recall", e.recall());
        m.put("medianDelayRows", e.medianDelayRows());
        m.put("medianDelayMinutes", e.medianDelayMillis() < 0 ? -1 : e.medianDelayMillis() / 60_000.0);
        return m;
    }

    /** The per-series table and the totals. */
    public void print(PrintStream out) {
        boolean nab = !nab().isEmpty();
        boolean labelled = points() != null;
        out.println();
        out.printf("%-58s %7s %6s%s%s%n", "series", "rows", "alerts",
                nab ? String.format(" %9s %7s %4s", "nab.std", "windows", "fp") : "",
                labelled ? String.format(" %6s %6s %6s %8s", "prec", "recall", "f1", "events") : "");
        for (SeriesScore s : series) {
            StringBuilder line = new StringBuilder(String.format("%-58s %7d %6d", abbreviate(s.name()),
                    s.result().verdicts().length, s.result().alertCount()));
            if (nab) {
                NabScorer.FileScore f = s.nab().get("standard");
                line.append(String.format(" %9.3f %3d/%-3d %4d", f.score(), f.windowsDetected(), f.windows(), f.fp()));
            }
            if (labelled && s.points() != null) {
                line.append(String.format(" %6.3f %6.3f %6.3f %4d/%-3d", s.points().precision(), s.points().recall(),
                        s.points().f1(), s.events().detected(), s.events().events()));
            }
            out.println(line);
        }
        out.println();
        if (nab) {
            Map<String, Double> scores = nab();
            out.printf("NAB score: standard %.1f, reward_low_FP_rate %.1f, reward_low_FN_rate %.1f%n",
                    scores.get("standard"), scores.get("reward_low_FP_rate"), scores.get("reward_low_FN_rate"));
        }
        if (labelled) {
            PointMetrics p = points();
            EventMetrics e = events();
            out.printf("Point-wise: precision %.3f, recall %.3f, F1 %.3f, false alarms %.2f%%, missed %.2f%%%n",
                    p.precision(), p.recall(), p.f1(), 100 * p.falseAlarmRate(), 100 * p.missedAlarmRate());
            out.printf("Events: %d of %d detected (%.1f%%), median delay %.0f rows%n", e.detected(), e.events(),
                    100 * e.recall(), e.medianDelayRows());
        }
        out.printf("%d series, %d rows in %.1f s%n", series.size(),
                series.stream().mapToInt(s -> s.result().verdicts().length).sum(), millis / 1000.0);
    }

    private static String abbreviate(String name) {
        return name.length() <= 58 ? name : "…" + name.substring(name.length() - 57);
    }
}
