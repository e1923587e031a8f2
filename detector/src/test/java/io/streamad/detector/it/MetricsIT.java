package io.streamad.detector.it;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.GrafanaDashboard;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator scrapes: the detector (with the trainer in the same process, as in the embedded demo)
 * scores readings and a malformed record and refuses a corrupt model, then {@code /prometheus} must carry every
 * metric the README lists
 * and every metric the Grafana dashboard in {@code deploy/grafana/} queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private static final List<String> SENSORS = List.of("pump-1", "pump-2");
    private static final int READINGS = 150;

    /** The names the README promises, as Prometheus exposes them. */
    static final Set<String> REQUIRED = Set.of(
            "streamad_records_scored_total",
            "streamad_anomalies_total",
            "streamad_dead_letters_total",
            "streamad_input_skipped_total",
            "streamad_inference_batch_size_count",
            "streamad_inference_latency_seconds_bucket",
            "streamad_model_info",
            "streamad_model_created_timestamp_seconds",
            "streamad_models_installed_total",
            "streamad_models_rejected_total",
            "streamad_threshold",
            "streamad_threshold_count",
            "streamad_threshold_decisions_total",
            "streamad_retrain_duration_seconds_count",
            "streamad_trainer_labels_total",
            "streamad_trainer_labels_rows_removed_total",
            "kafka_streams_records_lag_max_records");

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness detector;
    private KafkaTestSupport kafka;

    @BeforeAll
    void start() {
        TestModels.sensorModel(work.resolve("detector").resolve("models"), SENSORS, 600, TestModels.SENSORS);
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        // the trainer's meters are what matters here, not a training
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"),
                DetectorHarness.withTestSensorModel(DetectorHarness.idleTrainer(work.resolve("trainer"))));
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker);
    }

    @Test
    void shouldExposeEveryDocumentedMetricAndEveryMetricTheDashboardQueries() throws Exception {
        // given: readings of two sensors (a spike on one), a malformed record, and a newer model that is not one
        Path corrupt = Files.createDirectories(work.resolve("detector").resolve("models").resolve("sensor").resolve("sensor-99991231"));
        Files.writeString(corrupt.resolve("manifest.json"), "{ not a manifest");
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        Random random = new Random(3);
        for (int i = 0; i < READINGS; i++) {
            for (String sensor : SENSORS) {
                SensorReading r = TestModels.normalReading(sensor, i, random);
                if (sensor.equals("pump-1") && i == READINGS - 10) {
                    r = TestModels.reading(sensor, i, r.getMeasurements().get("temp") + 12);
                }
                kafka.producer().send(new ProducerRecord<>("sensor-readings", sensor.getBytes(StandardCharsets.UTF_8),
                        serde.encode(r)));
            }
        }
        kafka.producer().send(new ProducerRecord<>("sensor-readings", "pump-1".getBytes(), new byte[] {9, 9, 9}));
        kafka.producer().flush();

        // when: the detector has scored them all, keys past their cold start
        MeterRegistry meters = detector.context().getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> meters.find("streamad.records.scored").tag("kind", "SENSOR")
                .counters().stream().mapToDouble(Counter::count).sum() >= READINGS * SENSORS.size()
                && meters.find("streamad.dead.letters").counter() != null
                && meters.find("streamad.models.rejected").counter() != null
                && meters.find("streamad.threshold.decisions").tags("kind", "SENSOR", "source", "KEY").counter().count() > 0);
        String body = scrape(detector.uri().resolve("/prometheus"));
        Files.writeString(Path.of("target", "metrics-it-prometheus.txt"), body);

        // then
        Set<String> exposed = GrafanaDashboard.exposed(body);
        assertThat(exposed).as("documented metrics on /prometheus (all of it in target/metrics-it-prometheus.txt)")
                .containsAll(REQUIRED);
        assertThat(body).contains("streamad_model_info{kind=\"SENSOR\",version=\"sensor-2")
                .contains("streamad_models_rejected_total{kind=\"SENSOR\",reason=\"model\"} 1.0");
        GrafanaDashboard.load().queries().forEach((panel, exprs) -> exprs.forEach(expr ->
                assertThat(exposed).as("metrics of panel '%s': %s", panel, expr)
                        .containsAll(GrafanaDashboard.metricNames(expr))));
    }

    private static String scrape(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
