package io.streamad.detector.evaluation;

import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code --seeds}: a picocli mixin of every evaluation that trains models. */
final class SeedsOption {

    @Option(names = "--seeds", split = ",", description = "Run once per trainer seed (e.g. 42,1,2,7), each into "
            + "<out>/seed-<n>, and report the spread: a model trained from other initial weights is as valid, and "
            + "flips borderline detections.")
    List<Long> seeds;

    boolean given() {
        return seeds != null && !seeds.isEmpty();
    }

    /** Refuses the seed given twice, by --seeds and by --set, and a seed listed twice. */
    void check(EvaluateCommand parent) {
        if (given() && parent.overrides.containsKey(SeedSpread.KEY)) {
            throw new IllegalArgumentException("give the trainer's seed by --seeds or by --set " + SeedSpread.KEY + ", not both");
        }
        if (given() && java.util.Set.copyOf(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("--seeds lists a seed twice: " + seeds);
        }
    }

    /** One evaluation with the given trainer seed settings, writing into {@code out}; its headline figures. */
    interface Run {
        Map<String, Double> evaluate(Map<String, String> seedSettings, Path out) throws Exception;
    }

    /**
     * Runs the evaluation once without --seeds, into {@code out}; with them, once per seed into
     * {@code out/seed-<n>}, then prints the spread and writes {@code out/seeds.json}.
     */
    void runEach(Path out, PrintStream console, Run run) throws Exception {
        if (!given()) {
            run.evaluate(Map.of(), out);
            return;
        }
        SeedSpread spread = new SeedSpread();
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            console.printf("%nSeed %d (%d of %d)%n", seed, i + 1, seeds.size());
            Path runOut = Files.createDirectories(out.resolve("seed-" + seed));
            spread.add(seed, run.evaluate(Map.of(SeedSpread.KEY, String.valueOf(seed)), runOut));
        }
        spread.finish(out, console);
    }
}
