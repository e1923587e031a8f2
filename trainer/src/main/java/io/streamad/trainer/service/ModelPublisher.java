package io.streamad.trainer.service;

import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelArtifact;
import io.streamad.core.artifact.ModelRecords;
import io.streamad.core.artifact.ModelRelease;
import io.streamad.core.model.ManifestCodec;
import io.streamad.trainer.train.TrainedModel;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes accepted models to the models topic in one Kafka transaction: the artifact's chunks, its
 * release record, the family's new current version (unless an operator pinned one), and tombstones for
 * the versions beyond the kept few. Detectors read committed, so they see all of it or none.
 */
final class ModelPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int chunkSize;
    private final int keep;
    private final Path workDir;
    private final String transactionalId;
    private volatile boolean started;
    private volatile boolean fenced;

    ModelPublisher(Map<String, Object> clientConfig, String topic, String transactionalId, int chunkSize, int keep,
                   Path workDir) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(chunkSize + 64 * 1024, 1024 * 1024));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.chunkSize = chunkSize;
        this.keep = keep;
        this.workDir = workDir;
        this.transactionalId = transactionalId;
    }

    /**
     * Registers the transactional id with the broker, fencing an older trainer that used it; waits for the broker
     * up to the producer's {@code max.block.ms}. After a timeout it may be called again.
     */
    synchronized void start() {
        if (!started) {
            producer.initTransactions();
            started = true;
        }
    }

    /**
     * @param kept    the family's kept releases, oldest first, before this one
     * @param current the family's current version, if any
     * @return whether the family now serves the new version (false when an operator pinned another)
     */
    synchronized boolean publish(TrainedModel model, List<ModelRelease> kept, CurrentModel current) {
        if (!started) {
            throw new IllegalStateException("the publisher is not started");
        }
        if (fenced) {
            throw new IllegalStateException("this trainer was fenced by another with transactional id " + transactionalId
                    + "; it no longer publishes");
        }
        String family = model.manifest().model();
        String version = model.manifest().version();
        Path dir = model.writeTo(workDir.resolve("published"));
        ModelArtifact artifact = ModelArtifact.pack(dir);
        deleteQuietly(dir);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(ModelRecords.publish(topic, family, version, artifact,
                ManifestCodec.toJson(model.manifest()), chunkSize));
        boolean switchTo = current == null || current.reason().equals("trained");
        if (switchTo) {
            records.add(ModelRecords.point(topic, new CurrentModel(family, version, "trained", Instant.now())));
        }
        String serving = switchTo ? version : current.version();
        expired(kept, keep, serving).forEach(old -> records.addAll(ModelRecords.remove(topic, old)));
        send(records);
        return switchTo;
    }

    /**
     * The releases to remove once a new one is added to {@code kept} (oldest first): the oldest beyond
     * {@code keep} in all, never the one that will be serving.
     */
    static List<ModelRelease> expired(List<ModelRelease> kept, int keep, String serving) {
        List<ModelRelease> out = new ArrayList<>();
        int excess = kept.size() + 1 - keep;
        for (ModelRelease old : kept) {
            if (out.size() >= excess) {
                break;
            }
            if (!old.version().equals(serving)) {
                out.add(old);
            }
        }
        return out;
    }

    /**
     * Sends the records in one transaction. A commit that times out is retried (it may have gone
     * through); a fenced producer (another trainer took over the id) stops this one for good; anything
     * else aborts the transaction and fails this publish only.
     */
    private void send(List<ProducerRecord<String, byte[]>> records) {
        producer.beginTransaction();
        try {
            records.forEach(producer::send);
            commit();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            fenced = true;
            producer.close(Duration.ZERO);
            throw new IllegalStateException("another trainer with transactional id " + transactionalId
                    + " took over; this one stops publishing", e);
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    private void commit() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** False once another trainer fenced this one. */
    boolean healthy() {
        return started && !fenced;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            // a leftover copy of a published model; the topic holds the real one
        }
    }

    @Override
    public void close() {
        if (!fenced) {
            // bounded: with the broker away, an unbounded close waits for ever on requests that cannot complete
            producer.close(Duration.ofSeconds(5));
        }
    }
}
