package io.streamad.detector.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.StreamKind;
import io.streamad.core.artifact.CurrentModel;
import io.streamad.core.artifact.ModelArtifact;
import io.streamad.core.artifact.ModelRecords;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.model.ModelRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Models arrive through the models topic: a good one is served, a corrupt one and one for other
 * features are refused and counted, and the serving model keeps scoring.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelRefusalIT {

    private static final String OPERATOR_TOKEN = "model-refusal-it-operator-token";

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness detector;
    private KafkaTestSupport kafka;
    private KafkaProducer<String, byte[]> models;
    private Path good;
    private int sent;

    @BeforeAll
    void start() {
        good = TestModels.sensorModel(work.resolve("trained"), List.of("a", "b"), 800, TestModels.SENSORS);
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        models = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), Map.of(
                "streamad.security.operator.token", OPERATOR_TOKEN,
                "streamad.sensors.measurements", List.of("temp"),
                "streamad.sensors.window", TestModels.SENSORS.window(),
                "streamad.sensors.long-memory", TestModels.SENSORS.longMemory()));
    }

    @AfterAll
    void stop() {
        detector.close();
        models.close();
        kafka.close();
        broker.close();
    }

    private void publish(Path dir, boolean corrupt) {
        var manifest = ManifestCodec.read(dir);
        ModelArtifact artifact = ModelArtifact.pack(dir);
        List<ProducerRecord<String, byte[]>> records = ModelRecords.publish("models", manifest.model(), manifest.version(),
                artifact, ManifestCodec.toJson(manifest), 4096);
        if (corrupt) {
            records.get(1).value()[100] ^= 0x55;
        }
        records.forEach(models::send);
        models.send(ModelRecords.point("models", new CurrentModel(manifest.model(), manifest.version(), "trained", Instant.now())));
        models.flush();
    }

    private String serving() {
        return detector.context().getBean(ModelRegistry.class).slot(StreamKind.SENSOR).manifest().map(m -> m.version()).orElse(null);
    }

    private double rejected(String reason) {
        var counter = detector.context().getBean(MeterRegistry.class).find("streamad.models.rejected")
                .tags("kind", "SENSOR", "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Sends readings and waits until they are all scored, with the version that scored the last one. */
    private String scoreMore(int readings) {
        Random random = new Random(sent);
        AvroSerde<io.streamad.avro.SensorReading> serde = AvroSerde.of(io.streamad.avro.SensorReading.class);
        for (int i = sent; i < sent + readings; i++) {
            kafka.producer().send(new ProducerRecord<>("sensor-readings", "a".getBytes(), serde.encode(TestModels.normalReading("a", i, random))));
        }
        kafka.producer().flush();
        sent += readings;
        AvroSerde<ScoredRecord> scores = AvroSerde.of(ScoredRecord.class);
        List<ScoredRecord> scored = kafka.awaitRecords("scores", Duration.ofSeconds(60), r -> r.size() >= sent)
                .stream().map(r -> scores.decode(r.value())).toList();
        return scored.stream().max(java.util.Comparator.comparing(ScoredRecord::getEventTime)).orElseThrow().getModelVersion();
    }

    @Test
    @Order(1)
    void shouldServeAModelPublishedOnTheModelsTopic() {
        publish(good, false);
        String version = ManifestCodec.read(good).version();

        await().atMost(Duration.ofSeconds(30)).until(() -> version.equals(serving()));
        assertThat(scoreMore(100)).isEqualTo(version);
    }

    @Test
    @Order(2)
    void shouldRefuseACorruptModelAndKeepScoring() {
        String before = serving();
        Path other = TestModels.sensorModel(work.resolve("other"), List.of("a", "b"), 700, TestModels.SENSORS);

        publish(other, true);

        await().atMost(Duration.ofSeconds(30)).until(() -> rejected("checksum") >= 1);
        assertThat(serving()).isEqualTo(before);
        assertThat(scoreMore(50)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void shouldLetAnOperatorRollBackPinAndResumeOverHttp() throws Exception {
        String first = serving();
        Path newer = TestModels.sensorModel(work.resolve("newer"), List.of("a", "b"), 900, TestModels.SENSORS);
        publish(newer, false);
        String second = ManifestCodec.read(newer).version();
        await().atMost(Duration.ofSeconds(30)).until(() -> second.equals(serving()));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> postAs = (path, token) -> {
            try {
                var request = java.net.http.HttpRequest.newBuilder(detector.uri().resolve(path));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                return http.send(request.header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"version\":\"" + first + "\"}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        java.util.function.Function<String, java.net.http.HttpResponse<String>> post = path -> postAs.apply(path, OPERATOR_TOKEN);

        assertThat(postAs.apply("/models/sensor/rollback", null).statusCode()).as("without credentials").isEqualTo(401);
        assertThat(serving()).isEqualTo(second);
        assertThat(post.apply("/models/sensor/rollback").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.equals(serving()));
        String history = http.send(java.net.http.HttpRequest.newBuilder(detector.uri().resolve("/models/sensor/versions")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(history).contains(first, second, "\"reason\":\"rollback\"");

        assertThat(post.apply("/models/sensor/resume").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.equals(serving()));

        assertThat(post.apply("/models/sensor/pin").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.equals(serving()));
        assertThat(post.apply("/models/nothing/pin").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void shouldRefuseAModelOfAnotherInputWidthAndKeepScoring() {
        String before = serving();
        Path wide = TestModels.sensorModel(work.resolve("wide"), List.of("a"), 600,
                new SensorFeatureConfig(List.of("temp", "rpm"), TestModels.SENSORS.window(), TestModels.SENSORS.longMemory()));

        publish(wide, false);

        await().atMost(Duration.ofSeconds(30)).until(() -> rejected("model") >= 1);
        assertThat(serving()).isEqualTo(before);
        assertThat(scoreMore(50)).isEqualTo(before);
    }
}
