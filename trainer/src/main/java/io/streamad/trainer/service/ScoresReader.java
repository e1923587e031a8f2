package io.streamad.trainer.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamad.avro.AnomalyLabel;
import io.streamad.avro.ScoredRecord;
import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.serde.AvroSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the scores topic (read committed) into each family's {@link NormalSample}. It starts a bounded
 * distance before the end of every partition, enough to refill the samples after a restart, and keeps
 * no consumer group: the sample is rebuilt, not resumed. Rows computed with another feature schema
 * than the trainer's are skipped and counted (detector and trainer disagree on the feature settings).
 *
 * <p>It also reads the labels topic from its beginning: each {@link AnomalyLabel} (an anomaly confirmed
 * after the fact, such as a chargeback) takes its key's rows in the labelled span out of the sample and
 * keeps them out when the scores are read again after a restart. A label that cannot be decoded or
 * applied is skipped, counted and logged with its offset.
 */
final class ScoresReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoresReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String labelsTopic;
    private final Map<String, NormalSample> samples;
    private final SampleFeed feed;
    private final MeterRegistry meters;
    private final long rewind;
    private final AvroSerde<ScoredRecord> serde = AvroSerde.ofOutput(ScoredRecord.class);
    private final AvroSerde<AnomalyLabel> labelSerde = AvroSerde.of(AnomalyLabel.class);
    private final Set<String> warned = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param hasModel whether a family already has a model: until it has, rows scored WARMING_UP (with
     *                 features) are the data its first model is trained on
     * @param rewind   how many records before the end of each partition to start from
     */
    ScoresReader(Map<String, Object> clientConfig, String topic, String labelsTopic, Map<String, FeatureSchema> schemas,
                 Map<String, NormalSample> samples, Predicate<String> hasModel, MeterRegistry meters, long rewind) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // when retention deletes records before they are read, go on from the oldest left rather than the log end
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamad-trainer-scores");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.labelsTopic = labelsTopic;
        this.samples = samples;
        this.feed = new SampleFeed(schemas, samples, hasModel);
        this.meters = meters;
        samples.keySet().forEach(family -> {
            meters.counter("streamad.trainer.labels", "family", family);
            meters.counter("streamad.trainer.labels.rows.removed", "family", family);
        });
        this.rewind = rewind;
        this.thread = new Thread(this::run, "streamad-trainer-scores");
        thread.setDaemon(true);
    }

    void start() {
        List<TopicPartition> partitions = partitions(topic);
        List<TopicPartition> labels = partitions(labelsTopic);
        consumer.assign(Stream.concat(partitions.stream(), labels.stream()).toList());
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(begin.get(tp), end - rewind)));
        consumer.seekToBeginning(labels);
        thread.start();
    }

    private List<TopicPartition> partitions(String name) {
        return consumer.partitionsFor(name, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(name, p.partition())).toList();
    }

    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        accept(record);
                    }
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warn("Scores reader woken up while running; going on");
                    }
                } catch (RuntimeException e) {
                    LOG.error("Reading the scores topic failed, retrying in 1 s: {}", e.toString(), e);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(labelsTopic)) {
            label(record);
            return;
        }
        ScoredRecord scored;
        try {
            scored = serde.decode(record.value());
        } catch (SerializationException e) {
            skip("undecodable", record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + e.getMessage());
            return;
        }
        switch (feed.accept(scored)) {
            case WRONG_SCHEMA -> skip("schema", "scores with feature schema " + scored.getFeatureSchema()
                    + " but the trainer computes " + feed.schema(scored.getKind().name().toLowerCase()).id()
                    + ": streamad.sensors.* / streamad.transactions.* differ between detector and trainer");
            case FUTURE -> skip("future", "event time " + scored.getEventTime()
                    + " is ahead of the clock; such rows are not trained on");
            default -> {
            }
        }
    }

    private void label(ConsumerRecord<byte[], byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        AnomalyLabel label;
        try {
            label = labelSerde.decode(record.value());
        } catch (SerializationException e) {
            skipLabel(where + ": not an AnomalyLabel: " + e.getMessage());
            return;
        }
        String family = label.getKind().name().toLowerCase();
        NormalSample sample = samples.get(family);
        if (sample == null) {
            skipLabel(where + ": no trainer family '" + family + "'");
            return;
        }
        int removed;
        try {
            removed = sample.label(label.getKey(), label.getStart().toEpochMilli(), label.getEnd().toEpochMilli());
        } catch (IllegalArgumentException e) {
            skipLabel(where + ": " + e.getMessage());
            return;
        }
        meters.counter("streamad.trainer.labels", "family", family).increment();
        meters.counter("streamad.trainer.labels.rows.removed", "family", family).increment(removed);
        LOG.info("Label {} {} {} .. {}{}: {} rows taken out of the sample", family, label.getKey(), label.getStart(),
                label.getEnd(), label.getReason() == null ? "" : " (" + label.getReason() + ")", removed);
    }

    /** Every bad label is logged (they are few and each one is a confirmed anomaly someone meant to report). */
    private void skipLabel(String detail) {
        meters.counter("streamad.trainer.scores.skipped", "reason", "label").increment();
        LOG.warn("Skipping label {}", detail);
    }

    private void skip(String reason, String detail) {
        meters.counter("streamad.trainer.scores.skipped", "reason", reason).increment();
        if (warned.add(reason)) {
            LOG.warn("Skipping scored records ({}): {}", reason, detail);
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
