package io.streamad.detector.evaluation;

import picocli.CommandLine.Option;

import java.util.List;

/** {@code --seeds}: a picocli mixin of every evaluation that trains models. */
final class SeedsOption {

    @Option(names = "--seeds", split = ",", description = "Run once per trainer seed (e.g. 42,1,2,7), each into "
            + "<out>/seed-<n>, and report the spread: a model trained from other initial weights is as valid, and "
            + "flips borderline detections.")
    List<Long> seeds;

    boolean given() {
        return seeds != null && !seeds.isEmpty();
    }

    /** Refuses the seed given twice, by --seeds and by --set. */
    void requireAlone(EvaluateCommand parent) {
        if (given() && parent.overrides.containsKey(SeedSpread.KEY)) {
            throw new IllegalArgumentException("give the trainer's seed by --seeds or by --set " + SeedSpread.KEY + ", not both");
        }
    }
}
