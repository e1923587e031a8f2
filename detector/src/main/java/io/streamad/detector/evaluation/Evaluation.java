package io.streamad.detector.evaluation;

import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.TrainerConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Replays every series (independently, a few at a time) and scores what came out, reporting progress as it goes. */
final class Evaluation {

    private final TopologySettings topology;
    private final TrainerConfig trainer;
    private final Path workDir;
    private final int threads;
    private final PrintStream progress;

    Evaluation(TopologySettings topology, TrainerConfig trainer, Path workDir, int threads, PrintStream progress) {
        this.topology = topology;
        this.trainer = trainer;
        this.workDir = workDir;
        this.threads = threads;
        this.progress = progress;
    }

    Report run(String dataset, List<Series> series, Map<String, Object> settings) throws Exception {
        long started = System.nanoTime();
        SeriesReplay replay = new SeriesReplay(topology, trainer, workDir);
        long totalRows = series.stream().mapToLong(s -> s.history().size() + s.readings().size()).sum();
        AtomicLong doneRows = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        progress.printf("Replaying %d series (%d rows) through the scoring topology, %d at a time%n", series.size(),
                totalRows, threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "streamad-evaluate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SeriesScore>> futures = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                int index = i;
                Series s = series.get(i);
                futures.add(pool.submit(() -> {
                    SeriesScore score = SeriesScore.of(replay.run(s, index));
                    long rows = doneRows.addAndGet(s.history().size() + s.readings().size());
                    report(score, done.incrementAndGet(), series.size(), rows, totalRows, started);
                    return score;
                }));
            }
            List<SeriesScore> scores = new ArrayList<>();
            for (Future<SeriesScore> f : futures) {
                try {
                    scores.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return new Report(dataset, settings, scores, (System.nanoTime() - started) / 1_000_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private synchronized void report(SeriesScore s, int done, int of, long rows, long totalRows, long started) {
        SeriesResult r = s.result();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double eta = rows == 0 ? 0 : elapsed * (totalRows - rows) / rows;
        StringBuilder line = new StringBuilder(String.format("[%d/%d] %s: %d rows, %d alerts, %d models (%d rejected)",
                done, of, s.name(), r.verdicts().length, r.alertCount(),
                r.trainings().stream().filter(SeriesResult.Training::accepted).count(),
                r.trainings().stream().filter(t -> !t.accepted()).count()));
        if (!s.nab().isEmpty()) {
            var f = s.nab().get("standard");
            line.append(String.format(", NAB %+.3f (%d/%d windows, %d FP)", f.score(), f.windowsDetected(), f.windows(), f.fp()));
        } else if (s.points() != null) {
            line.append(String.format(", F1 %.3f, events %d/%d", s.points().f1(), s.events().detected(), s.events().events()));
        }
        line.append(String.format(" in %.1f s; %.0f s elapsed, about %.0f s to go", r.millis() / 1000.0, elapsed, eta));
        progress.println(line);
    }
}
