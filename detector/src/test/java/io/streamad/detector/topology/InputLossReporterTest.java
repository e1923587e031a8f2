package io.streamad.detector.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the main consumer makes of each kind of out-of-range position (the deleted records themselves, against a real
 * broker: {@code InputLossIT}).
 */
class InputLossReporterTest {

    private static final TopicPartition P0 = new TopicPartition("sensor-readings", 0);
    private static final TopicPartition P1 = new TopicPartition("sensor-readings", 1);

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final InputLossReporter reporter = new InputLossReporter(meters, List.of("sensor-readings"));

    /** Stands in for the consumer: the log starts given, the seeks recorded. */
    private static final class Consumer implements InputLossReporter.Positions {
        final Map<TopicPartition, Long> starts;
        final Map<TopicPartition, Long> seeks = new HashMap<>();

        Consumer(Map<TopicPartition, Long> starts) {
            this.starts = starts;
        }

        @Override
        public void seek(TopicPartition partition, OffsetAndMetadata offset) {
            seeks.put(partition, offset.offset());
        }

        @Override
        public Map<TopicPartition, Long> logStart(Set<TopicPartition> partitions) {
            if (starts == null) {
                throw new org.apache.kafka.common.errors.TimeoutException("no broker");
            }
            return starts;
        }
    }

    private double skipped() {
        return meters.counter("streamad.input.skipped", "topic", "sensor-readings").count();
    }

    @Test
    void shouldCountRecordsDeletedBetweenThePositionAndTheLogStartAndLeaveTheResetToKafkaStreams() {
        Map<TopicPartition, Long> rest = reporter.outOfRange(new OffsetOutOfRangeException(Map.of(P0, 10L, P1, 3L)),
                new Consumer(Map.of(P0, 25L, P1, 4L)));

        assertThat(rest).containsOnly(Map.entry(P0, 10L), Map.entry(P1, 3L));
        assertThat(skipped()).isEqualTo(15 + 1);
    }

    @Test
    void shouldCountNothingForAPositionBeyondTheLog() {
        Map<TopicPartition, Long> rest = reporter.outOfRange(new OffsetOutOfRangeException(Map.of(P0, 500L)),
                new Consumer(Map.of(P0, 0L)));

        assertThat(rest).containsOnly(Map.entry(P0, 500L));
        assertThat(skipped()).isZero();
    }

    @Test
    void shouldGoOnFromWhereATruncatedLogDivergesRatherThanFromItsStart() {
        Consumer consumer = new Consumer(Map.of(P0, 0L, P1, 0L));

        Map<TopicPartition, Long> rest = reporter.outOfRange(new LogTruncationException(Map.of(P0, 120L, P1, 80L),
                Map.of(P0, new OffsetAndMetadata(100L))), consumer);

        assertThat(consumer.seeks).containsOnly(Map.entry(P0, 100L));
        assertThat(rest).containsOnly(Map.entry(P1, 80L));
        assertThat(skipped()).isZero();
    }

    @Test
    void shouldStillLeaveTheResetToKafkaStreamsWhenTheLogStartCannotBeRead() {
        Map<TopicPartition, Long> rest = reporter.outOfRange(new OffsetOutOfRangeException(Map.of(P0, 10L)), new Consumer(null));

        assertThat(rest).containsOnly(Map.entry(P0, 10L));
        assertThat(skipped()).isZero();
    }
}
