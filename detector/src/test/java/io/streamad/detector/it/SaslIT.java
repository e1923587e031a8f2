package io.streamad.detector.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.evaluation.EvaluateCommand;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The detector on a cluster that demands SASL/PLAIN: given {@code kafka.security.protocol}, {@code kafka.sasl.mechanism}
 * and {@code kafka.sasl.jaas.config}, every client it builds (admin, Kafka Streams' consumers and transactional
 * producers) authenticates, and readings are scored; a client with a wrong password is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslIT {

    private static final List<String> SENSORS = List.of("a", "b");
    private static final int READINGS = 60;
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness detector;
    private KafkaTestSupport kafka;
    private final AvroSerde<SensorReading> sensorSerde = AvroSerde.of(SensorReading.class);
    private final AvroSerde<ScoredRecord> scoredSerde = AvroSerde.of(ScoredRecord.class);

    @BeforeAll
    void start() {
        TestModels.sensorModel(work.resolve("detector").resolve("models"), SENSORS, 800, TestModels.SENSORS);
        // the broker's own login (its inter-broker connections) and the users it accepts, scoped to its listener
        broker = new EmbeddedKafka(work.resolve("kafka"), SecurityProtocol.SASL_PLAINTEXT, Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", PLAIN
                        + " username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\""
                        + " user_detector=\"detector-secret\" user_tester=\"tester-secret\";"),
                sasl("tester", "tester-secret")).start();
        kafka = new KafkaTestSupport(broker.clientConfig());

        Map<String, Object> config = DetectorHarness.withTestSensorModel(Map.of());
        sasl("detector", "detector-secret").forEach((key, value) -> config.put("kafka." + key, value));
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), config);
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker);
    }

    private static Map<String, Object> sasl(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, PLAIN + " username=\"" + user + "\" password=\"" + password + "\";");
    }

    @Test
    void shouldScoreReadingsFromAnAuthenticatedProducer() {
        Random random = new Random(3);
        for (int i = 0; i < READINGS; i++) {
            for (String sensor : SENSORS) {
                kafka.producer().send(new ProducerRecord<>("sensor-readings", sensor.getBytes(StandardCharsets.UTF_8),
                        sensorSerde.encode(TestModels.normalReading(sensor, i, random))));
            }
        }
        kafka.producer().flush();

        List<ScoredRecord> scored = kafka.awaitRecords("scores", Duration.ofSeconds(90),
                        records -> records.size() >= READINGS * SENSORS.size())
                .stream().map(r -> scoredSerde.decode(r.value())).toList();

        assertThat(scored).hasSize(READINGS * SENSORS.size());
        assertThat(scored).filteredOn(s -> s.getVerdict() != Verdict.WARMING_UP).as("scored by the model")
                .isNotEmpty().allSatisfy(s -> assertThat(s.getModelVersion()).isNotBlank());
    }

    @Test
    void shouldEvaluateATopicOnTheAuthenticatedClusterWithTheClientSettingsOfAFile() throws Exception {
        // given: readings on a topic of their own, and the evaluating user's client settings in a properties file
        Map<String, Object> admin = new HashMap<>(sasl("tester", "tester-secret"));
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic("evaluate-readings", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            kafka.producer().send(new ProducerRecord<>("evaluate-readings", "e".getBytes(StandardCharsets.UTF_8),
                    sensorSerde.encode(TestModels.normalReading("e", i, random))));
        }
        kafka.producer().flush();
        Path clientFile = work.resolve("evaluate-client.properties");
        Properties client = new Properties();
        sasl("tester", "tester-secret").forEach((key, value) -> client.setProperty(key, value.toString()));
        try (Writer out = Files.newBufferedWriter(clientFile)) {
            client.store(out, "evaluate's consumer");
        }
        Path out = work.resolve("evaluate-out");

        // when
        int code = EvaluateCommand.commandLine().execute("avro", "--topic", "evaluate-readings", "--bootstrap-servers",
                broker.bootstrapServers(), "--consumer-config", clientFile.toString(), "--out", out.toString());
        // and a --consumer-property overriding the file's password
        StringWriter err = new StringWriter();
        int refused = EvaluateCommand.commandLine().setErr(new PrintWriter(err, true)).execute("avro", "--topic",
                "evaluate-readings", "--bootstrap-servers", broker.bootstrapServers(), "--consumer-config",
                clientFile.toString(), "--consumer-property", SaslConfigs.SASL_JAAS_CONFIG + "=" + PLAIN
                        + " username=\"tester\" password=\"wrong-secret\";", "--out", work.resolve("refused").toString());

        // then
        assertThat(code).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("rows").asInt()).isEqualTo(300);
        assertThat(refused).isNotZero();
        assertThat(err.toString()).containsIgnoringCase("authentication");
    }

    @Test
    void shouldRefuseAClientWithAWrongPassword() {
        Map<String, Object> config = new HashMap<>(sasl("tester", "wrong-secret"));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
