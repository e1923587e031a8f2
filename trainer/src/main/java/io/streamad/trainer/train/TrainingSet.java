package io.streamad.trainer.train;

import io.streamad.core.feature.FeatureSchema;

import java.time.Instant;
import java.util.Objects;

/**
 * Raw feature rows to train on, in event-time order (the most recent rows become the held-out set).
 *
 * @param model       the model family the rows are for
 * @param schema      the layout of every row
 * @param rows        raw (un-normalised) feature vectors, oldest first
 * @param windowStart event time of the first row
 * @param windowEnd   event time of the last row
 * @param source      where the rows came from, for the manifest
 */
public record TrainingSet(String model, FeatureSchema schema, float[][] rows, Instant windowStart, Instant windowEnd,
                          String source) {

    public TrainingSet {
        Objects.requireNonNull(schema, "schema");
        for (float[] row : rows) {
            if (row.length != schema.width()) {
                throw new IllegalArgumentException("row of width " + row.length + " in a training set of width " + schema.width());
            }
        }
    }

    public int size() {
        return rows.length;
    }
}
