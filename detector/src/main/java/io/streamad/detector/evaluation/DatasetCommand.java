package io.streamad.detector.evaluation;

import io.streamad.detector.embedded.EmbeddedDefault;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** What every input format shares: load the series, replay them, score, and write the outputs. */
abstract class DatasetCommand implements Callable<Integer> {

    private static final int DEFAULT_PLOTS = 3;

    @ParentCommand
    EvaluateCommand parent;

    @Mixin
    SeedsOption seeds;

    /** A short name for the report ({@code nab}, {@code csv}, {@code avro}). */
    abstract String dataset();

    abstract List<Series> load() throws Exception;

    @Override
    public Integer call() throws Exception {
        seeds.check(parent);
        PrintStream console = System.out;
        List<Series> series = load();
        seeds.runEach(parent.outputDir(), console, (seedSettings, out) -> {
            try (EvaluateCommand.Settings settings = parent.settings(seedSettings)) {
                return SeedSpread.figures(evaluate(console, series, settings, out));
            }
        });
        return 0;
    }

    private Report evaluate(PrintStream console, List<Series> series, EvaluateCommand.Settings settings, Path out)
            throws Exception {
        Files.createDirectories(out);
        console.printf("Evaluating %s: %d series; writing to %s%n", dataset(), series.size(), out);
        Path workDir = Files.createTempDirectory("streamad-evaluate");
        Report report;
        try {
            report = new Evaluation(settings.topology(), settings.trainer(), workDir, Math.max(1, parent.threads), console)
                    .run(dataset(), series, settings.described());
        } finally {
            EmbeddedDefault.clear(workDir);
        }
        Path records = Files.createDirectories(out.resolve("records"));
        Path plots = Files.createDirectories(out.resolve("plots"));
        List<SeriesScore> scores = report.scores();
        for (SeriesScore s : scores) {
            RecordsCsv.write(s.result(), records.resolve(RecordsCsv.fileName(s.name()) + ".csv"));
        }
        for (SeriesScore s : toPlot(scores)) {
            PlotPage.write(s, plots.resolve(RecordsCsv.fileName(s.name()) + ".html"));
        }
        report.writeJson(out.resolve("report.json"));
        report.print(console);
        console.printf("Report: %s; per-record scores: %s; plots: %s%n", out.resolve("report.json"), records, plots);
        return report;
    }

    /** The series named by --plot, or else the worst and the best few by NAB score or F1. */
    private List<SeriesScore> toPlot(List<SeriesScore> scores) {
        if (parent.plots != null && !parent.plots.isEmpty()) {
            return scores.stream().filter(s -> parent.plots.stream().anyMatch(p -> s.name().contains(p))).toList();
        }
        Comparator<SeriesScore> quality = Comparator.comparingDouble(s -> !s.nab().isEmpty() ? s.nab().get("standard").score()
                : s.points() != null ? s.points().f1() : 0);
        List<SeriesScore> sorted = new ArrayList<>(scores);
        sorted.sort(quality);
        List<SeriesScore> chosen = new ArrayList<>(sorted.subList(0, Math.min(DEFAULT_PLOTS, sorted.size())));
        for (int i = Math.max(DEFAULT_PLOTS, sorted.size() - DEFAULT_PLOTS); i < sorted.size(); i++) {
            chosen.add(sorted.get(i));
        }
        return chosen;
    }
}
