package io.streamad.detector.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The topology's meters, named {@code streamad.*} and tagged by stream kind ({@code SENSOR}, {@code TRANSACTION}),
 * never by key: their number does not grow with the keys.
 */
public final class DetectorMetrics {

    /**
     * One decision in this many records its threshold. Recording every one into the summary's percentile histograms cost
     * the stream thread about 7% of its time in the benchmark (docs/performance.md); a sample gives the same percentiles.
     */
    static final int THRESHOLD_SAMPLING = 16;

    private final MeterRegistry registry;
    // The meters recorded at every record, resolved once: a registry look-up builds and hashes their tags,
    // which cost the stream thread more than the recording itself.
    private final Map<StreamKind, Map<Verdict, Counter>> scored = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, Counter> anomalies = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, DistributionSummary[]> thresholds = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, Counter[]> decisions = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, DistributionSummary> batchSizes = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, Timer> inferenceLatency = new EnumMap<>(StreamKind.class);

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered at zero, so a dashboard shows a quiet stream as 0 rather than as no data
        for (StreamKind kind : StreamKind.values()) {
            String k = kind.name();
            anomalies.put(kind, registry.counter("streamad.anomalies", "kind", k));
            Map<Verdict, Counter> byVerdict = new EnumMap<>(Verdict.class);
            for (Verdict verdict : Verdict.values()) {
                byVerdict.put(verdict, registry.counter("streamad.records.scored", "kind", k, "verdict", verdict.name()));
            }
            scored.put(kind, byVerdict);
            thresholds.put(kind, new DistributionSummary[] {thresholdSummary(k, "KEY"), thresholdSummary(k, "GLOBAL")});
            decisions.put(kind, new Counter[] {decisionCounter(k, "KEY"), decisionCounter(k, "GLOBAL")});
            batchSizes.put(kind, DistributionSummary.builder("streamad.inference.batch.size").tag("kind", k)
                    .serviceLevelObjectives(1, 16, 64, 256, 1024).register(registry));
            inferenceLatency.put(kind, Timer.builder("streamad.inference.latency").tag("kind", k)
                    .publishPercentileHistogram().register(registry));
        }
    }

    private DistributionSummary thresholdSummary(String kind, String source) {
        return DistributionSummary.builder("streamad.threshold")
                .description("thresholds in force at decisions, one decision in " + THRESHOLD_SAMPLING + " picked at random")
                .tags("kind", kind, "source", source)
                .publishPercentiles(0.5, 0.9, 0.99).percentilePrecision(2)
                .register(registry);
    }

    private Counter decisionCounter(String kind, String source) {
        return Counter.builder("streamad.threshold.decisions")
                .description("decisions taken, by the source of the threshold they compared the score with")
                .tags("kind", kind, "source", source)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void scored(StreamKind kind, Verdict verdict) {
        scored.get(kind).get(verdict).increment();
    }

    void anomaly(StreamKind kind) {
        anomalies.get(kind).increment();
    }

    /** @param kind the stream kind, in any case: tagged as its {@link StreamKind} name like the other meters */
    void deadLetter(String kind, String reason) {
        registry.counter("streamad.dead.letters", "kind", kind.toUpperCase(Locale.ROOT), "reason", reason).increment();
    }

    void batch(StreamKind kind, int rows, long nanos) {
        batchSizes.get(kind).record(rows);
        inferenceLatency.get(kind).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The threshold a score was compared with, by stream kind and source: {@code KEY} for a key's own adaptive
     * threshold, {@code GLOBAL} for the model's calibrated one (a key with too few scores). Recorded for one decision in
     * {@link #THRESHOLD_SAMPLING}, picked at random: the percentiles (over the last few minutes) are those of a sample,
     * and the summary's count is about that share of the decisions; {@code streamad.threshold.decisions} counts them
     * all.
     */
    void threshold(StreamKind kind, boolean global, double value) {
        int source = global ? 1 : 0;
        decisions.get(kind)[source].increment();
        if (ThreadLocalRandom.current().nextInt(THRESHOLD_SAMPLING) == 0) {
            thresholds.get(kind)[source].record(value);
        }
    }

    /** Counter value, for tests and the console summary. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
