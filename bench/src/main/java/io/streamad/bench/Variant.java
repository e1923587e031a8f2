package io.streamad.bench;

import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;

/**
 * The topologies the harness compares, all on the same preloaded records.
 *
 * @param id        name in the report ({@code <id>_rps})
 * @param guarantee Kafka Streams processing guarantee
 * @param maxRows   rows per Session.run; 0 for the pass-through topology, which runs no model
 */
enum Variant {
    /** Deserialize, serialize, forward: the Kafka plumbing alone, the yardstick. */
    PASSTHROUGH("passthrough", StreamsConfig.EXACTLY_ONCE_V2, 0),
    /** The detector as configured by default: windows, features, batched scoring, thresholds, outputs. */
    DETECTOR("detector", StreamsConfig.EXACTLY_ONCE_V2, 256),
    /** The same with one Session.run per record, the pattern of the public Kafka + TensorFlow examples. */
    PER_RECORD("per_record", StreamsConfig.EXACTLY_ONCE_V2, 1),
    /** The batched detector without exactly-once, to show what the guarantee costs. */
    AT_LEAST_ONCE("at_least_once", StreamsConfig.AT_LEAST_ONCE, 256);

    /** The detector's default batch deadline (application.yml). */
    static final Duration MAX_DELAY = Duration.ofMillis(20);

    final String id;
    final String guarantee;
    final int maxRows;

    Variant(String id, String guarantee, int maxRows) {
        this.id = id;
        this.guarantee = guarantee;
        this.maxRows = maxRows;
    }

    static Variant parse(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id) || v.name().equalsIgnoreCase(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + id + "', expected one of passthrough, detector, per_record, at_least_once");
    }
}
