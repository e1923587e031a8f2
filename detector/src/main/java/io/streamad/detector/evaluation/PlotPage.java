package io.streamad.detector.evaluation;

import io.streamad.core.evaluation.NabScorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * A self-contained HTML page (inline SVG, no scripts) of one series: the value with its labelled
 * windows shaded and the alerts marked, and below it the score against the threshold on a log scale.
 */
final class PlotPage {

    private static final int WIDTH = 1400;
    private static final int PANEL = 260;
    private static final int MARGIN = 50;
    private static final int MAX_POINTS = 2800;

    private PlotPage() {
    }

    static void write(SeriesScore score, Path file) throws IOException {
        SeriesResult r = score.result();
        Series s = r.series();
        int n = r.values().length;
        StringBuilder svg = new StringBuilder();
        int height = 2 * PANEL + 3 * MARGIN;
        svg.append(String.format("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n",
                WIDTH, height));
        shadeLabels(svg, s, n, height);
        int top1 = MARGIN;
        int top2 = 2 * MARGIN + PANEL;
        double[] logScore = new double[n];
        double[] logThreshold = new double[n];
        for (int i = 0; i < n; i++) {
            logScore[i] = r.scores()[i] > 0 ? Math.log10(r.scores()[i]) : Double.NaN;
            logThreshold[i] = r.thresholds()[i] > 0 ? Math.log10(r.thresholds()[i]) : Double.NaN;
        }
        double[] valueRange = range(r.values());
        double[] scoreRange = range(logScore, logThreshold);
        line(svg, r.values(), top1, valueRange, "#1f77b4");
        line(svg, logScore, top2, scoreRange, "#555");
        line(svg, logThreshold, top2, scoreRange, "#ff7f0e");
        for (int i = 0; i < n; i++) {
            if (r.alerts()[i]) {
                double x = x(i, n);
                svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='red' stroke-width='1.5'/>%n",
                        x, x, top1 + PANEL, top1 + PANEL + 10));
                svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='red'/>%n", x,
                        y(r.values()[i], top1, valueRange)));
            }
        }
        int firstScored = r.firstScored();
        if (firstScored < n) {
            double x = x(firstScored, n);
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' stroke='#999' stroke-dasharray='4 3'/>%n",
                    x, x, top1, top2 + PANEL));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' fill='#666'>first model</text>%n", x + 3, top2 - 5));
        }
        axes(svg, top1, valueRange, "value (" + s.measurements().get(0) + ")");
        axes(svg, top2, scoreRange, "log10 score (grey) and threshold (orange)");
        long[] times = s.times();
        svg.append(String.format("<text x='%d' y='%d'>%s</text><text x='%d' y='%d' text-anchor='end'>%s</text>%n",
                MARGIN, height - 10, Instant.ofEpochMilli(times[0]), WIDTH - MARGIN, height - 10,
                Instant.ofEpochMilli(times[n - 1])));
        svg.append("</svg>\n");
        String summary = summary(score);
        Files.writeString(file, "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + escape(s.name())
                + "</title></head><body style='font-family:sans-serif'><h2>" + escape(s.name()) + "</h2><p>" + escape(summary)
                + "</p><p>Shaded: labelled anomalies. Red: alerts (anomaly events).</p>" + svg + "</body></html>\n");
    }

    private static String summary(SeriesScore score) {
        SeriesResult r = score.result();
        StringBuilder b = new StringBuilder(String.format("%d rows, %d alerts, %d models trained (%d rejected).",
                r.verdicts().length, r.alertCount(), r.trainings().size(),
                r.trainings().stream().filter(t -> !t.accepted()).count()));
        NabScorer.FileScore f = score.nab().get("standard");
        if (f != null) {
            b.append(String.format(" NAB standard %.3f: %d of %d windows detected, %d false positives.", f.score(),
                    f.windowsDetected(), f.windows(), f.fp()));
        }
        if (score.points() != null) {
            b.append(String.format(" Precision %.3f, recall %.3f, F1 %.3f; events %d of %d.", score.points().precision(),
                    score.points().recall(), score.points().f1(), score.events().detected(), score.events().events()));
        }
        return b.toString();
    }

    private static void shadeLabels(StringBuilder svg, Series s, int n, int height) {
        if (!s.labelled()) {
            return;
        }
        for (int[] event : s.events()) {
            double x1 = x(event[0], n);
            double x2 = Math.max(x(event[1], n), x1 + 1);
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='#f4c7c3' opacity='0.6'/>%n",
                    x1, MARGIN, x2 - x1, height - 2 * MARGIN));
        }
    }

    private static void line(StringBuilder svg, double[] values, int top, double[] range, String colour) {
        int n = values.length;
        int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < n; i += stride) {
            // keep each bucket's extreme so spikes survive the thinning
            int best = -1;
            for (int j = i; j < Math.min(n, i + stride); j++) {
                if (Double.isFinite(values[j]) && (best < 0 || Math.abs(values[j]) > Math.abs(values[best]))) {
                    best = j;
                }
            }
            if (best < 0) {
                pen = false;
                continue;
            }
            path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x(best, n), y(values[best], top, range)));
            pen = true;
        }
        svg.append(String.format("<path d='%s' fill='none' stroke='%s' stroke-width='1'/>%n", path, colour));
    }

    private static void axes(StringBuilder svg, int top, double[] range, String title) {
        svg.append(String.format("<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#ccc'/>%n", MARGIN, top,
                WIDTH - 2 * MARGIN, PANEL));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text><text x='5' y='%d'>%.3g</text><text x='5' y='%d'>%.3g</text>%n",
                MARGIN, top - 6, escape(title), top + 12, range[1], top + PANEL, range[0]));
    }

    private static double x(int i, int n) {
        return MARGIN + (WIDTH - 2.0 * MARGIN) * i / Math.max(1, n - 1);
    }

    private static double y(double v, int top, double[] range) {
        double span = range[1] - range[0];
        return top + PANEL - (span == 0 ? 0.5 : (v - range[0]) / span) * PANEL;
    }

    private static double[] range(double[]... series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] values : series) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo > hi ? new double[] {0, 1} : new double[] {lo, hi};
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
