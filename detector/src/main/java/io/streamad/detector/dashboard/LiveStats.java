package io.streamad.detector.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * This instance's throughput, consumer lag and dead-letter counts: the topology's Micrometer counters, and the
 * per-partition {@code records-lag} of the Kafka Streams main consumers. Not thread-safe: one caller, the feed.
 */
final class LiveStats {

    private static final String LAG_GROUP = "consumer-fetch-manager-metrics";

    private final MeterRegistry meters;
    private final Supplier<Collection<KafkaStreams>> streams;
    private final Set<String> inputTopics;
    private long lastNanos;
    private double lastScored = Double.NaN;
    private double rate;

    LiveStats(MeterRegistry meters, Supplier<Collection<KafkaStreams>> streams, Set<String> inputTopics) {
        this.meters = meters;
        this.streams = streams;
        this.inputTopics = inputTopics;
    }

    /** Counts now; the rate is over the time since the previous call. */
    Live.Stats sample(LiveState state, long nowNanos) {
        double scored = total("streamad.records.scored");
        if (!Double.isNaN(lastScored) && nowNanos > lastNanos) {
            rate = (scored - lastScored) * 1e9 / (nowNanos - lastNanos);
        }
        lastScored = scored;
        lastNanos = nowNanos;
        Map<String, Long> deadLetters = new TreeMap<>();
        for (Counter c : meters.find("streamad.dead.letters").counters()) {
            deadLetters.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum);
        }
        return new Live.Stats(rate, (long) scored, (long) total("streamad.anomalies"), lag(), deadLetters, state.keys(200));
    }

    private double total(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Sum of records-lag over the input partitions this instance's stream threads own; null before they report. */
    private Long lag() {
        long sum = 0;
        boolean any = false;
        for (KafkaStreams s : streams.get()) {
            for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
                MetricName name = e.getKey();
                String client = name.tags().getOrDefault("client-id", "");
                if (name.name().equals("records-lag") && name.group().equals(LAG_GROUP)
                        && inputTopics.contains(name.tags().get("topic")) && !client.contains("restore")
                        && e.getValue().metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                    sum += n.longValue();
                    any = true;
                }
            }
        }
        return any ? sum : null;
    }
}
