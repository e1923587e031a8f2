package io.streamad.detector.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** The topology's meters, named {@code streamad.*} and tagged by stream kind. */
public final class DetectorMetrics {

    private final MeterRegistry registry;

    public DetectorMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    void deadLetter(String kind, String reason) {
        registry.counter("streamad.dead.letters", "kind", kind, "reason", reason).increment();
    }

    void batch(String kind, int rows, long nanos) {
        DistributionSummary.builder("streamad.inference.batch.size").tag("kind", kind)
                .serviceLevelObjectives(1, 16, 64, 256, 1024).register(registry).record(rows);
        Timer.builder("streamad.inference.latency").tag("kind", kind).publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** Counter value, for tests and the console summary. */
    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
