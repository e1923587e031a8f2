package io.streamad.detector.it;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelArtifact;
import io.streamad.core.artifact.ModelRecords;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * New models arrive on the models topic while records flow through two detector instances: each
 * output names the one version that scored it, versions only move forward within a partition, every
 * version is used, and no record is skipped or scored twice around a swap.
 */
class ModelSwapIT {

    @TempDir
    Path work;

    @Test
    void shouldSwapModelsUnderLoadWithoutSkippingOrDoublingRecords() throws Exception {
        // given
        SensorStream stream = new SensorStream(12, 500, 14);
        List<Path> models = List.of(
                ReliabilityCluster.trainModel(work.resolve("v1"), stream, 600),
                ReliabilityCluster.trainModel(work.resolve("v2"), stream, 800),
                ReliabilityCluster.trainModel(work.resolve("v3"), stream, 1000));
        List<String> versions = models.stream().map(m -> ManifestCodec.read(m).version()).toList();
        try (ReliabilityCluster cluster = new ReliabilityCluster(work, "model-swap-it").withModelTopic();
             KafkaProducer<String, byte[]> publisher = publisher(cluster.broker.bootstrapServers())) {
            cluster.startInstance("detector-a");
            publish(publisher, models.get(0));
            DetectorProcess second = cluster.startInstance("detector-b");

            // when
            stream.sendInBackground(cluster.kafka.producer(), "sensor-readings", 200);
            await().atMost(Duration.ofMinutes(2)).until(() -> ExactlyOnceAudit.caughtUp(cluster.kafka, stream.size() / 4));
            publish(publisher, models.get(1));
            await().atMost(Duration.ofMinutes(2)).until(() -> scoredWith(cluster, versions.get(1)));
            publish(publisher, models.get(2));
            stream.awaitSent();
            ExactlyOnceAudit.awaitSettled(cluster.kafka, stream.size());

            // then
            ExactlyOnceAudit audit = ExactlyOnceAudit.read(cluster.kafka, "sensor-readings");
            Map<String, Long> perVersion = audit.scores().stream()
                    .collect(Collectors.groupingBy(s -> String.valueOf(s.getModelVersion()), Collectors.counting()));
            System.out.printf("%s (scored per version %s)%n", audit.summary("model swap"), perVersion);
            audit.assertExactlyOnce();
            assertThat(perVersion.keySet()).as("versions named by scored records").containsExactlyInAnyOrderElementsOf(versions);
            assertThat(backwardSwaps(audit.scores(), versions)).as("records scored by an older version than the one before").isEmpty();
            Map<String, String> versionBySource = audit.scores().stream()
                    .collect(Collectors.toMap(s -> source(s.getSource()), s -> String.valueOf(s.getModelVersion())));
            for (AnomalyEvent a : audit.anomalies()) {
                assertThat(a.getModelVersion()).as("anomaly event's model version").isEqualTo(versionBySource.get(source(a.getSource())));
            }
            assertThat(second.isAlive()).isTrue();
        }
    }

    private static boolean scoredWith(ReliabilityCluster cluster, String version) {
        var serde = io.streamad.core.serde.AvroSerde.of(ScoredRecord.class);
        return cluster.kafka.readAll("scores").stream().anyMatch(r -> version.equals(serde.decode(r.value()).getModelVersion()));
    }

    private static String source(io.streamad.avro.SourceOffset s) {
        return s.getTopic() + "-" + s.getPartition() + "@" + s.getOffset();
    }

    /** Within each input partition, in offset order, a record scored by an older version than its predecessor. */
    private static List<String> backwardSwaps(List<ScoredRecord> scores, List<String> versions) {
        Function<ScoredRecord, Integer> rank = s -> versions.indexOf(String.valueOf(s.getModelVersion()));
        List<String> out = new ArrayList<>();
        scores.stream().collect(Collectors.groupingBy(s -> s.getSource().getPartition())).forEach((partition, records) -> {
            records.sort(Comparator.comparingLong(s -> s.getSource().getOffset()));
            for (int i = 1; i < records.size(); i++) {
                if (rank.apply(records.get(i)) < rank.apply(records.get(i - 1))) {
                    out.add(source(records.get(i).getSource()) + ": " + records.get(i).getModelVersion()
                            + " after " + records.get(i - 1).getModelVersion());
                }
            }
        });
        return out;
    }

    private static KafkaProducer<String, byte[]> publisher(String bootstrap) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "model-swap-it", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    /** What the trainer's publisher writes for an accepted model, in one transaction: chunks, release, pointer. */
    private static void publish(KafkaProducer<String, byte[]> producer, Path dir) {
        ModelManifest manifest = ManifestCodec.read(dir);
        producer.beginTransaction();
        ModelRecords.publish("models", manifest.model(), manifest.version(), ModelArtifact.pack(dir),
                ManifestCodec.toJson(manifest), 256 * 1024).forEach(producer::send);
        producer.send(ModelRecords.point("models", new CurrentModel(manifest.model(), manifest.version(), "trained", Instant.now())));
        producer.commitTransaction();
    }
}
