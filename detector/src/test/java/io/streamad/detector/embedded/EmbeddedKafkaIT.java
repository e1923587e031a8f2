package io.streamad.detector.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The in-process broker keeps replayed history, whatever the age of its timestamps. */
class EmbeddedKafkaIT {

    @TempDir
    Path dir;

    @Test
    void shouldKeepRecordsStampedYearsAgoAcrossRetentionChecks() throws Exception {
        // given: retention checked twice a second from the start (a partition whose records are all past retention
        // loses its active segment too, rolled at the log end)
        Map<String, String> overrides = Map.of("log.retention.check.interval.ms", "500", "log.initial.task.delay.ms", "0");
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, overrides).start();
             Admin admin = Admin.create(kafka.clientConfig())) {
            admin.createTopics(List.of(new NewTopic("history", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);

            // when: a backfill of readings from December 2013, as the demo replays NAB's series
            long eventTime = Instant.parse("2013-12-02T21:15:00Z").toEpochMilli();
            Map<String, Object> config = new HashMap<>(kafka.clientConfig());
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 200; i++) {
                    producer.send(new ProducerRecord<>("history", null, eventTime + 300_000L * i,
                            "machine".getBytes(StandardCharsets.UTF_8), ("reading " + i).getBytes(StandardCharsets.UTF_8))).get();
                }
            }

            // then: the log still starts at its first record after several checks
            TopicPartition partition = new TopicPartition("history", 0);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() ->
                    admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition).get().offset() == 0);
            assertThat(admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset())
                    .isEqualTo(200);
        }
    }
}
