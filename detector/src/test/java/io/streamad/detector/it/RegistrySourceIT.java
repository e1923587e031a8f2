package io.streamad.detector.it;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.topology.DeadLetters;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A topic in the Schema Registry wire format (magic byte 0, 4-byte schema id, Avro), written by
 * Apicurio's serializer against a real registry, is mapped by configuration and detected on, and the
 * detector writes its scores in that format too, their schema registered as {@code scores-value}. The
 * registry: {@code -Dstreamad.it.registry-url=http://host:port} (any Apicurio Registry 3), else an Apicurio
 * container where Docker exists; with neither the test is skipped, and says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf(value = "registryAvailable",
        disabledReason = "no schema registry: set -Dstreamad.it.registry-url=http://host:port, or run where Docker is")
class RegistrySourceIT {

    private static final int READINGS = 400;
    private static final int SPIKE = 300;
    private static final Schema TELEMETRY = new Schema.Parser().parse("""
            {"type":"record","name":"PressTelemetry","namespace":"com.example.press","fields":[
              {"name":"press","type":"string"},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"oilTemperature","type":"double"},
              {"name":"stroke","type":["null","int"],"default":null}]}""");

    @TempDir
    static Path work;
    private GenericContainer<?> container;
    private String registry;
    private EmbeddedKafka broker;
    private KafkaTestSupport kafka;
    private DetectorHarness detector;

    static boolean registryAvailable() {
        return System.getProperty("streamad.it.registry-url") != null || DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    void start() throws Exception {
        registry = System.getProperty("streamad.it.registry-url");
        if (registry == null) {
            container = new GenericContainer<>("apicurio/apicurio-registry:3.0.9").withExposedPorts(8080)
                    .waitingFor(Wait.forHttp("/health/ready").forStatusCode(200)).withStartupTimeout(Duration.ofMinutes(3));
            container.start();
            registry = "http://" + container.getHost() + ":" + container.getMappedPort(8080);
        }
        TestModels.sensorModel(work.resolve("detector").resolve("models"), List.of("press-1", "press-2"), 1500, TestModels.SENSORS);
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("press-telemetry", 2, (short) 1))).all().get();
        }
        Map<String, Object> config = DetectorHarness.withTestSensorModel(Map.of(
                "streamad.registry.url", registry + "/apis/registry/v3"));
        config.putAll(Map.of(
                "streamad.sources.press.topic", "press-telemetry",
                "streamad.sources.press.format", "registry-avro",
                "streamad.sources.press.key-field", "press",
                "streamad.sources.press.time-field", "at",
                "streamad.sources.press.fields.temp", "oilTemperature"));
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), config);
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker, container);
    }

    @Test
    void shouldDetectOnARegistryFramedAvroTopic() throws Exception {
        // given: the producer side as users have it, a serializer that registers the schema and frames each record
        Random random = new Random(8);
        try (AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(Map.of("apicurio.registry.url", registry + "/apis/registry/v3",
                    "apicurio.registry.auto-register", "true"), false);
            for (int i = 0; i < READINGS; i++) {
                for (String press : List.of("press-1", "press-2")) {
                    double normal = TestModels.normalReading(press, i, random).getMeasurements().get("temp");
                    GenericRecord t = new GenericData.Record(TELEMETRY);
                    t.put("press", press);
                    t.put("at", TestModels.reading(press, i, 0).getEventTime().toEpochMilli());
                    t.put("oilTemperature", i == SPIKE ? normal + 25 : normal);
                    t.put("stroke", i);
                    byte[] framed = serializer.serialize("press-telemetry", t);
                    kafka.producer().send(new ProducerRecord<>("press-telemetry", ("hall-" + press).getBytes(StandardCharsets.UTF_8), framed));
                }
            }
        }
        int schemaId = latestId("press-telemetry-value");
        // when: a record naming a schema id the registry does not have, and one without the framing
        kafka.producer().send(new ProducerRecord<>("press-telemetry", null, ByteBuffer.allocate(7).put((byte) 0).putInt(987654)
                .put((byte) 2).put((byte) 'x').array()));
        kafka.producer().send(new ProducerRecord<>("press-telemetry", null, new byte[] {7, 7, 7}));
        kafka.producer().flush();

        // then
        AvroSerde<ScoredRecord> scores = AvroSerde.ofOutput(ScoredRecord.class);
        List<ConsumerRecord<byte[], byte[]>> scoreRecords = kafka.awaitRecords("scores", Duration.ofMinutes(2),
                r -> r.size() >= 2 * READINGS);
        List<ScoredRecord> scored = scoreRecords.stream().map(r -> scores.decode(r.value())).toList();
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.awaitRecords("dead-letters", Duration.ofSeconds(60), r -> r.size() >= 2);
        List<AnomalyEvent> anomalies = kafka.readAll("anomalies").stream()
                .map(r -> AvroSerde.ofOutput(AnomalyEvent.class).decode(r.value())).toList();
        int scoresId = latestId("scores-value");
        System.out.printf("registry source: schema id %d, %d scored, %d anomalies, %d dead letters; outputs framed with "
                + "scores-value id %d (registry %s)%n", schemaId, scored.size(), anomalies.size(), dead.size(), scoresId, registry);

        assertThat(scored).hasSize(2 * READINGS);
        assertThat(scoreRecords).as("scores in the registry wire format, with the id of the registered ScoredRecord schema")
                .allSatisfy(r -> assertThat(ByteBuffer.wrap(r.value(), 0, 5)).satisfies(b -> {
                    assertThat(b.get()).isZero();
                    assertThat(b.getInt()).isEqualTo(scoresId);
                }));
        for (String press : List.of("press-1", "press-2")) {
            Instant spike = TestModels.reading(press, SPIKE, 0).getEventTime();
            assertThat(scored).as("the spike on %s flagged", press).anyMatch(s -> s.getKey().toString().equals(press)
                    && s.getEventTime().equals(spike) && s.getVerdict() == Verdict.ANOMALY);
        }
        assertThat(dead).hasSize(2).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
                .anySatisfy(reason -> assertThat(reason).startsWith("source press: cannot read a registry-framed Avro record"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo(
                        "source press: not in the Schema Registry wire format (magic byte 0 and a 4-byte schema id)"));
    }

    /** The id the registry's Confluent-compatible API gives the subject's latest schema: the one in the framing. */
    private int latestId(String subject) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registry + "/apis/ccompat/v7/subjects/" + subject + "/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Integer.parseInt(body.replaceAll(".*\"id\":(\\d+).*", "$1"));
    }
}
