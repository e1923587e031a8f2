package io.streamad.detector.topology;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.FeatureContribution;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SourceOffset;
import io.streamad.avro.StreamKind;
import io.streamad.avro.ThresholdSource;
import io.streamad.avro.Verdict;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.model.ReconstructionError;
import io.streamad.core.threshold.Decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the output records of one scored row. */
final class Outputs {

    static final int TOP_CONTRIBUTORS = 3;

    private final StreamKind kind;
    private final FeatureSchema schema;
    private final List<String> summaryNames;

    Outputs(StreamKind kind, FeatureSchema schema, List<String> summaryNames) {
        this.kind = kind;
        this.schema = schema;
        this.summaryNames = summaryNames;
    }

    /** Every record's output. A key whose window was not yet warm has no meaningful features: they are left out. */
    ScoredRecord scored(PendingRow row, double score, double threshold, Verdict verdict, boolean outOfRange,
                        boolean stuck, String modelVersion) {
        // One per input record: the all-fields constructor, not the builder, whose per-field checks and flags cost the
        // stream thread about a tenth of its time in the benchmark (docs/performance.md). Every field is set here.
        return new ScoredRecord(row.key(), kind, source(row), Instant.ofEpochMilli(row.eventTime()), score, threshold,
                verdict, outOfRange, stuck, modelVersion, row.schema(),
                row.warm() ? FloatList.of(row.features()) : FloatList.empty());
    }

    AnomalyEvent anomaly(PendingRow row, double score, Decision decision, String modelVersion, float[] squaredErrors) {
        List<FeatureContribution> top = new ArrayList<>();
        for (ReconstructionError.Contribution c : ReconstructionError.topContributors(squaredErrors, schema.names(), TOP_CONTRIBUTORS)) {
            top.add(new FeatureContribution(c.feature(), c.share(), (double) row.features()[c.index()]));
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        for (int i = 0; i < summaryNames.size(); i++) {
            summary.put(summaryNames.get(i), (double) row.summary()[i]);
        }
        if (decision.stuck()) {
            summary.put(ScoringTopology.STUCK_RUN, (double) row.stuckRun());
        }
        return AnomalyEvent.newBuilder()
                .setKey(row.key())
                .setKind(kind)
                .setSource(source(row))
                .setEventTime(Instant.ofEpochMilli(row.eventTime()))
                .setScore(score)
                .setThreshold(decision.threshold())
                .setThresholdSource(decision.global() ? ThresholdSource.GLOBAL : ThresholdSource.KEY)
                .setOutOfRange(decision.outOfRange())
                .setStuck(decision.stuck())
                .setModelVersion(modelVersion)
                .setTopContributors(top)
                .setWindowSummary(summary)
                .build();
    }

    private static SourceOffset source(PendingRow row) {
        return new SourceOffset(row.topic(), row.partition(), row.offset());
    }
}
