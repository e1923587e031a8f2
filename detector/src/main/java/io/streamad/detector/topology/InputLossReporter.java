package io.streamad.detector.topology;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import java.util.Map;

/**
 * Kafka Streams' clients, with a main consumer that says what an offset reset skipped. When the broker no longer
 * holds an input partition's position (retention or a deleteRecords removed records before the detector read them),
 * Kafka Streams goes on from the log start with one INFO line. This consumer logs a WARN naming the partition and how
 * many records went unread, and counts them in {@code streamad.input.skipped} (tagged by topic), so the loss shows.
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

    /**
     * Reports partitions whose positions were out of range: {@code logStart} is where each log begins now. Positions
     * behind it lost the records in between; a position beyond it (a topic deleted and created again) loses nothing
     * but is read again from the start.
     */
    void outOfRange(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> logStart) {
        positions.forEach((partition, position) -> {
            Long start = logStart.get(partition);
            if (start != null && start > position) {
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
    }

    /** The main consumer: as Kafka's, but an out-of-range position is reported before Kafka Streams resets it. */
    static final class ReportingConsumer extends KafkaConsumer<byte[], byte[]> {

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
                Map<TopicPartition, Long> positions = e.offsetOutOfRangePartitions();
                try {
                    reporter.outOfRange(positions, beginningOffsets(positions.keySet()));
                } catch (RuntimeException lookup) {
                    LOG.warn("Input partitions {} were out of range and are reset to their log start; how many records "
                            + "that skipped is unknown: {}", positions, lookup.toString());
                }
                throw e;
            }
        }
    }
}
