package io.streamad.detector.dashboard;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Assigns every partition of some topics to a consumer, positioned a number of records before each end. */
final class TopicTail {

    private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);

    private TopicTail() {
    }

    /** Waits (while {@code running}) until every topic has partitions, then assigns and positions them. */
    static void assign(Consumer<?, ?> consumer, Map<String, Integer> recordsBackByTopic, BooleanSupplier running) {
        Map<TopicPartition, Integer> back = new HashMap<>();
        for (Map.Entry<String, Integer> topic : recordsBackByTopic.entrySet()) {
            List<PartitionInfo> partitions = List.of();
            while (running.getAsBoolean() && partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic.getKey(), Duration.ofSeconds(10));
                if (partitions.isEmpty()) {
                    LOG.info("Dashboard waiting for topic {} to exist", topic.getKey());
                }
            }
            partitions.forEach(p -> back.put(new TopicPartition(p.topic(), p.partition()), topic.getValue()));
        }
        List<TopicPartition> all = new ArrayList<>(back.keySet());
        consumer.assign(all);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(all);
        Map<TopicPartition, Long> end = consumer.endOffsets(all);
        back.forEach((tp, n) -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - n)));
        LOG.info("Dashboard feed reading {} partitions", all.size());
    }
}
