package io.streamad.core.feature;

import java.util.List;
import java.util.Optional;

/**
 * Turns a record and its key's state into a feature vector, and folds the record into the state.
 * Implementations are stateless and thread-safe; all per-key memory lives in {@code S}.
 *
 * @param <R> the input record type
 * @param <S> the per-key window state
 */
public interface FeatureExtractor<R, S> {

    FeatureSchema schema();

    /** Names of the values in {@link FeatureVector#summary()}. */
    List<String> summaryNames();

    /** Why the record cannot be featurised (missing field, NaN...), or empty when it can. */
    Optional<String> validate(R record);

    S newState();

    /** True when the state holds enough history for the next record's features to mean something. */
    boolean isWarm(S state);

    /** The record's features computed against the state as it was, after which the record is added to it. */
    FeatureVector extractAndUpdate(S state, R record);

    byte[] serialize(S state);

    S deserialize(byte[] bytes);
}
