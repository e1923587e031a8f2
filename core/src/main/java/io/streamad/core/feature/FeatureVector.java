package io.streamad.core.feature;

/**
 * One record's raw (un-normalised) features, plus a few numbers that describe its key's window for
 * humans (the anomaly event's window summary).
 *
 * @param values      raw feature values in {@link FeatureSchema#names()} order
 * @param summary     values named by the extractor's {@code summaryNames()}
 * @param beyondRange how far the record lies outside everything its key produced before, as a share of that
 *                    span (the largest over its measurements); 0 inside it, or where the extractor keeps no range
 * @param stuckRun    how many readings the record's value has lasted, this one included, where that is longer than
 *                    any value of the same measurement lasted before and the measurement changed value at least a
 *                    window's worth of times (the largest over its measurements); 0 where no measurement is in such a
 *                    run, before the key's window is full, or where the extractor keeps no runs
 */
public record FeatureVector(float[] values, float[] summary, float beyondRange, int stuckRun) {

    public FeatureVector(float[] values, float[] summary) {
        this(values, summary, 0f, 0);
    }
}
