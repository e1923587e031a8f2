package io.streamad.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@code ./bench} run measured, written as JSON with snake_case names
 * ({@code passthrough_rps}, {@code detector_rps}, {@code per_record_rps}, {@code at_least_once_rps}: each the median of
 * its rounds, {@code latency_ms.p99}, ...). A figure that was not measured in this run is null.
 */
record BenchReport(Machine machine, Settings settings, List<RunResult> runs, Double passthroughRps, Double detectorRps,
                   Double perRecordRps, Double atLeastOnceRps, Ratios ratios, Latency latencyMs, List<StateStep> state) {

    /** Where it ran; the load average is taken before and after, since other work may share the machine. */
    record Machine(int cores, String os, String jvm, long maxHeapMib, String cluster, String loadBefore, String loadAfter) {
    }

    record Settings(long records, long warmupRecords, int rounds, int partitions, int sensors, int commitIntervalMs, int streamThreads, int maxRows, long maxDelayMs,
                    Map<String, String> notes) {
    }

    /**
     * @param detectorOverPassthrough  detector / pass-through, both exactly_once_v2
     * @param detectorOverPerRecord    batched / one Session.run per record
     * @param atLeastOnceOverDetector  at_least_once / exactly_once_v2, both batched
     */
    record Ratios(Double detectorOverPassthrough, Double detectorOverPerRecord, Double atLeastOnceOverDetector) {
        static Ratios of(Double passthrough, Double detector, Double perRecord, Double atLeastOnce) {
            return new Ratios(ratio(detector, passthrough), ratio(detector, perRecord), ratio(atLeastOnce, detector));
        }

        private static Double ratio(Double a, Double b) {
            return a == null || b == null || b == 0 ? null : a / b;
        }
    }

    static BenchReport of(Machine machine, Settings settings, List<RunResult> runs, Latency latency, List<StateStep> state) {
        Double passthrough = median(runs, Variant.PASSTHROUGH);
        Double detector = median(runs, Variant.DETECTOR);
        Double perRecord = median(runs, Variant.PER_RECORD);
        Double atLeastOnce = median(runs, Variant.AT_LEAST_ONCE);
        return new BenchReport(machine, settings, runs, passthrough, detector, perRecord, atLeastOnce,
                Ratios.of(passthrough, detector, perRecord, atLeastOnce), latency, state);
    }

    /** The median records/s of {@code variant}'s runs (the mean of the middle two of an even count); null if it did not run. */
    static Double median(List<RunResult> runs, Variant variant) {
        double[] rps = runs.stream().filter(r -> r.variant().equals(variant.id)).mapToDouble(RunResult::rps).sorted().toArray();
        if (rps.length == 0) {
            return null;
        }
        int mid = rps.length / 2;
        return rps.length % 2 == 1 ? rps[mid] : (rps[mid - 1] + rps[mid]) / 2;
    }

    String toJson() {
        try {
            return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }

    void writeTo(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
