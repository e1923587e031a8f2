package io.streamad.detector.topology;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kafka Streams' clients, with a main consumer that says what an offset reset skipped. When the broker no longer
 * holds an input partition's position (retention or a deleteRecords removed records before the detector read them),
 * Kafka Streams goes on from the log start with one INFO line. This consumer logs a WARN naming the partition and how
 * many records went unread, and counts them in {@code streamad.input.skipped} (tagged by topic), so the loss shows.
 * A log truncated under the position by an unclean leader election goes on from the point of divergence, as the
 * consumer's own reset would, rather than from the log start. Kafka Streams' {@code streams} group protocol builds
 * its main consumer itself, without this supplier: the detector warns at start-up that losses then go uncounted.
 */
public final class InputLossReporter implements KafkaClientSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(InputLossReporter.class);

    private static final String SKIPPED = "streamad.input.skipped";

    private final MeterRegistry registry;

    /** @param inputs the input topics, whose counters start at zero so a dashboard shows "none lost" rather than no data */
    public InputLossReporter(MeterRegistry registry, java.util.Collection<String> inputs) {
        this.registry = registry;
        inputs.forEach(topic -> registry.counter(SKIPPED, "topic", topic));
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new ReportingConsumer(config, this);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The consumer calls the handling needs, apart so that a test can stand in for the consumer. */
    interface Positions {
        void seek(TopicPartition partition, OffsetAndMetadata offset);

        /** Where each partition's log begins now. */
        Map<TopicPartition, Long> logStart(Set<TopicPartition> partitions);
    }

    /**
     * Handles out-of-range positions from a poll. A partition whose log was truncated under it (an unclean leader
     * election) with a known point of divergence goes on from there, as the consumer's own reset would. The others are
     * reported and returned, for Kafka Streams to reset to the log start: positions behind the log start lost the
     * records in between; a position beyond the log (a topic deleted and created again) loses nothing but is read
     * again from the start.
     *
     * @return the partitions left for Kafka Streams to reset, with their positions; empty when none is
     */
    Map<TopicPartition, Long> outOfRange(OffsetOutOfRangeException e, Positions positions) {
        Map<TopicPartition, Long> rest = new HashMap<>(e.offsetOutOfRangePartitions());
        if (e instanceof LogTruncationException truncated) {
            truncated.divergentOffsets().forEach((partition, offset) -> {
                positions.seek(partition, offset);
                rest.remove(partition);
                LOG.warn("Input {}: the log was truncated under the detector's position (an unclean leader election); "
                        + "going on from offset {}, where the new leader's log diverges", partition, offset.offset());
            });
        }
        if (rest.isEmpty()) {
            return rest;
        }
        Map<TopicPartition, Long> logStart;
        try {
            logStart = positions.logStart(rest.keySet());
        } catch (RuntimeException lookup) {
            LOG.warn("Input partitions {} are out of range and go back to their log start; how many records that "
                    + "skips is unknown, the log start could not be read: {}", rest, lookup.toString());
            return rest;
        }
        rest.forEach((partition, position) -> {
            Long start = logStart.get(partition);
            if (start == null) {
                LOG.warn("Input {}: position {} is out of range and goes back to the log start, which could not be read",
                        partition, position);
            } else if (start > position) {
                long lost = start - position;
                registry.counter(SKIPPED, "topic", partition.topic()).increment(lost);
                LOG.warn("Input {}: records {} to {} were deleted before the detector read them ({} records: the topic's "
                                + "retention or a deleteRecords outran the detector); going on from offset {}",
                        partition, position, start - 1, lost, start);
            } else {
                LOG.warn("Input {}: position {} is beyond the log (from {}), as after the topic was deleted and created "
                        + "again; reading it again from its start", partition, position, start);
            }
        });
        return rest;
    }

    /** The main consumer: as Kafka's, but an out-of-range position is handled and reported before Kafka Streams resets it. */
    static final class ReportingConsumer extends KafkaConsumer<byte[], byte[]> implements Positions {

        private final InputLossReporter reporter;

        ReportingConsumer(Map<String, Object> config, InputLossReporter reporter) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.reporter = reporter;
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            try {
                return super.poll(timeout);
            } catch (OffsetOutOfRangeException e) {
                Map<TopicPartition, Long> rest = reporter.outOfRange(e, this);
                if (rest.isEmpty()) {
                    return ConsumerRecords.empty();
                }
                throw rest.size() == e.offsetOutOfRangePartitions().size() ? e : new OffsetOutOfRangeException(e.getMessage(), rest);
            }
        }

        @Override
        public Map<TopicPartition, Long> logStart(Set<TopicPartition> partitions) {
            return beginningOffsets(partitions);
        }
    }
}
