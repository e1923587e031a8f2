package io.streamad.trainer.train;

import io.streamad.core.feature.FeatureExtractor;
import io.streamad.core.feature.FeatureVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Builds training sets from raw records with the same feature code the detector runs. */
public final class TrainingSets {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingSets.class);

    private TrainingSets() {
    }

    /**
     * Featurises {@code records} (in event-time order) key by key, as the detector would, and keeps
     * the rows of keys whose window was warm. Records the extractor rejects are skipped and counted.
     */
    public static <R, S> TrainingSet featurise(String model, FeatureExtractor<R, S> extractor, Iterable<R> records,
                                               Function<R, String> key, Function<R, Instant> time, String source) {
        Map<String, S> states = new HashMap<>();
        List<float[]> rows = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        int rejected = 0;
        for (R record : records) {
            if (extractor.validate(record).isPresent()) {
                rejected++;
                continue;
            }
            S state = states.computeIfAbsent(key.apply(record), k -> extractor.newState());
            boolean warm = extractor.isWarm(state);
            FeatureVector v = extractor.extractAndUpdate(state, record);
            if (warm) {
                rows.add(v.values());
                Instant t = time.apply(record);
                first = first == null ? t : first;
                last = t;
            }
        }
        if (rejected > 0) {
            LOG.warn("{}: skipped {} records the feature extractor rejected", source, rejected);
        }
        return new TrainingSet(model, extractor.schema(), rows.toArray(float[][]::new),
                first == null ? Instant.EPOCH : first, last == null ? Instant.EPOCH : last, source);
    }
}
