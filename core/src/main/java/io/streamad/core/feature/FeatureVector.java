package io.streamad.core.feature;

/**
 * One record's raw (un-normalised) features, plus a few numbers that describe its key's window for
 * humans (the anomaly event's window summary).
 *
 * @param values  raw feature values in {@link FeatureSchema#names()} order
 * @param summary values named by the extractor's {@code summaryNames()}
 */
public record FeatureVector(float[] values, float[] summary) {
}
