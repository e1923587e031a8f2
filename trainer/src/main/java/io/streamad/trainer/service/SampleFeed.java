package io.streamad.trainer.service;

import io.streamad.avro.ScoredRecord;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureSchema;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which scored records a family learns from, and how: anomalies keep their key's neighbourhood out of
 * the sample, normal rows (or, before the family's first model, warming-up rows with features) go in.
 * The one rule, shared by the trainer's scores reader and the evaluation's replay.
 */
public final class SampleFeed {

    /** What became of a scored record. */
    public enum Fate {
        /** offered to the sample as a normal row */
        NORMAL,
        /** an anomaly: its key's rows around it stay out */
        ANOMALY,
        /** not learned from: no features yet, or judged while the family has a model but not normal */
        IGNORED,
        /** computed with another feature layout than the trainer's */
        WRONG_SCHEMA,
        /** stamped too far ahead of the clock */
        FUTURE
    }

    private final Map<String, FeatureSchema> schemas;
    private final Map<String, NormalSample> samples;
    private final Predicate<String> hasModel;

    /**
     * @param hasModel whether a family already has a model: until it has, rows scored WARMING_UP (with
     *                 features) are the data its first model is trained on
     */
    public SampleFeed(Map<String, FeatureSchema> schemas, Map<String, NormalSample> samples, Predicate<String> hasModel) {
        this.schemas = schemas;
        this.samples = samples;
        this.hasModel = hasModel;
    }

    public Fate accept(ScoredRecord scored) {
        String family = scored.getKind().name().toLowerCase();
        NormalSample sample = samples.get(family);
        long time = scored.getEventTime().toEpochMilli();
        if (scored.getVerdict() == Verdict.ANOMALY) {
            sample.anomaly(scored.getKey(), time);
            return Fate.ANOMALY;
        }
        if (scored.getFeatures().isEmpty()) {
            return Fate.IGNORED;
        }
        if (!scored.getFeatureSchema().equals(schemas.get(family).id())) {
            return Fate.WRONG_SCHEMA;
        }
        if (scored.getVerdict() != Verdict.NORMAL && hasModel.test(family)) {
            return Fate.IGNORED;
        }
        return sample.normal(scored.getKey(), time, toArray(scored.getFeatures())) ? Fate.NORMAL : Fate.FUTURE;
    }

    /** The feature schema the family's rows must have. */
    public FeatureSchema schema(String family) {
        return schemas.get(family);
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
