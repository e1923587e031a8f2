package io.streamad.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * Event-to-output latency at a fixed offered load: from the input record's timestamp (its send time) to the
 * moment a read_committed consumer sees its scored record, in milliseconds.
 *
 * @param offeredRps  the load asked for
 * @param achievedRps records actually sent per second
 * @param samples     records measured (those sent after the warm-up)
 * @param cpuCores    process CPU time over the run / wall time
 */
record Latency(double offeredRps, double achievedRps, long samples, double p50, double p99,
               @JsonProperty("p99_9") double p999, double max, double cpuCores) {

    /** Percentiles of {@code millis} (sorted in place). */
    static Latency of(double offeredRps, double achievedRps, long[] millis, double cpuCores) {
        Arrays.sort(millis);
        return new Latency(offeredRps, achievedRps, millis.length, percentile(millis, 0.50), percentile(millis, 0.99),
                percentile(millis, 0.999), millis.length == 0 ? Double.NaN : millis[millis.length - 1], cpuCores);
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
