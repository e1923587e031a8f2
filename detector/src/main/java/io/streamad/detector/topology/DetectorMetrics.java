package io.streamad.detector.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topology's meters, named {@code streamad.*} and tagged by stream kind ({@code SENSOR}, {@code TRANSACTION}),
 * never by key: their number does not grow with the keys.
 */
public final class DetectorMetrics {

    private final MeterRegistry registry;
    private final Map<String, DistributionSummary> thresholds = new ConcurrentHashMap<>();

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered at zero, so a dashboard shows a quiet stream as 0 rather than as no data
        for (StreamKind kind : StreamKind.values()) {
            registry.counter("streamad.anomalies", "kind", kind.name());
            for (Verdict verdict : Verdict.values()) {
                registry.counter("streamad.records.scored", "kind", kind.name(), "verdict", verdict.name());
            }
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    void scored(String kind, String verdict) {
        registry.counter("streamad.records.scored", "kind", kind, "verdict", verdict).increment();
    }

    void anomaly(String kind) {
        registry.counter("streamad.anomalies", "kind", kind).increment();
    }

    /** @param kind the stream kind, in any case: tagged as its {@link StreamKind} name like the other meters */
    void deadLetter(String kind, String reason) {
        registry.counter("streamad.dead.letters", "kind", kind.toUpperCase(Locale.ROOT), "reason", reason).increment();
    }

    void batch(String kind, int rows, long nanos) {
        DistributionSummary.builder("streamad.inference.batch.size").tag("kind", kind)
                .serviceLevelObjectives(1, 16, 64, 256, 1024).register(registry).record(rows);
        Timer.builder("streamad.inference.latency").tag("kind", kind).publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /**
     * The threshold a score was compared with, by stream kind and source: {@code KEY} for a key's own adaptive
     * threshold, {@code GLOBAL} for the model's calibrated one (a key with too few scores). Recorded at every
     * decision; the percentiles cover the last few minutes.
     */
    void threshold(String kind, boolean global, double value) {
        String source = global ? "GLOBAL" : "KEY";
        thresholds.computeIfAbsent(kind + "/" + source, k -> DistributionSummary.builder("streamad.threshold")
                .description("thresholds in force at each decision")
                .tags("kind", kind, "source", source)
                .publishPercentiles(0.5, 0.9, 0.99).percentilePrecision(2)
                .register(registry)).record(value);
    }

    /** Counter value, for tests and the console summary. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
