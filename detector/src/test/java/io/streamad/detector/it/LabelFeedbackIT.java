package io.streamad.detector.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.trainer.service.TrainerService;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Anomalies confirmed after the fact reach the trainer through the labels topic, posted by an operator to
 * {@code /labels}: a label takes its key's rows in the labelled span out of the normal sample (rows the detector
 * had judged fine) and leaves other keys' rows alone; a record on the topic that is no label is skipped and
 * counted, and the label after it is applied; a bad request is refused naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelFeedbackIT {

    private static final List<String> SENSORS = List.of("pump-1", "pump-2");
    private static final int READINGS = 300;
    private static final String OPERATOR_TOKEN = "label-feedback-it-operator-token";

    @TempDir
    static Path work;
    private EmbeddedKafka broker;
    private DetectorHarness detector;
    private KafkaTestSupport kafka;

    @BeforeAll
    void start() {
        broker = DetectorHarness.broker(work.resolve("kafka"));
        kafka = new KafkaTestSupport(broker.bootstrapServers());
        // no model and none trained: every reading with features is a WARMING_UP row the sample takes in, so its size
        // moves only with the readings sent and the labels
        Map<String, Object> settings = new HashMap<>(DetectorHarness.testSensorFeatures());
        settings.putAll(DetectorHarness.idleTrainer(work.resolve("trainer")));
        settings.put("streamad.security.operator.token", OPERATOR_TOKEN);
        detector = new DetectorHarness(broker.bootstrapServers(), work.resolve("detector"), settings);
    }

    @AfterAll
    void stop() {
        DetectorHarness.closeAll(detector, kafka, broker);
    }

    private int sampleRows() {
        Map<?, ?> sensor = (Map<?, ?>) detector.context().getBean(TrainerService.class).status().get("sensor");
        return ((Number) sensor.get("sampleRows")).intValue();
    }

    private HttpResponse<String> post(String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(detector.uri().resolve("/labels"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private double counter(String name, String... tags) {
        return detector.context().getBean(MeterRegistry.class).counter(name, tags).count();
    }

    @Test
    void shouldTakeALabelledSpanOfItsKeyOutOfTheTrainersSample() throws Exception {
        AvroSerde<SensorReading> readings = AvroSerde.of(SensorReading.class);
        Random random = new Random(5);
        for (int i = 0; i < READINGS; i++) {
            for (String sensor : SENSORS) {
                kafka.producer().send(new ProducerRecord<>("sensor-readings", sensor.getBytes(StandardCharsets.UTF_8),
                        readings.encode(TestModels.normalReading(sensor, i, random))));
            }
        }
        kafka.producer().flush();
        kafka.awaitRecords("scores", Duration.ofMinutes(1), r -> r.size() >= READINGS * SENSORS.size());
        int[] last = {-1};
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            int now = sampleRows();
            boolean settled = now > 0 && now == last[0];
            last[0] = now;
            return settled;
        });
        int before = sampleRows();

        // a record that is no label, then an operator's label on pump-1's readings 100 to 149 (5 minutes apart; the
        // default guard of 1 minute widens the span by no reading)
        kafka.producer().send(new ProducerRecord<>("anomaly-labels", "pump-1".getBytes(StandardCharsets.UTF_8),
                "not a label".getBytes(StandardCharsets.UTF_8)));
        kafka.producer().flush();
        String label = "{\"kind\":\"sensor\",\"key\":\"pump-1\",\"start\":\"" + TestModels.reading("pump-1", 100, 0).getEventTime()
                + "\",\"end\":\"" + TestModels.reading("pump-1", 149, 0).getEventTime()
                + "\",\"reason\":\"bearing failure confirmed, ticket 4711\"}";
        assertThat(post(label, null).statusCode()).as("without credentials").isEqualTo(401);
        HttpResponse<String> backwards = post(label.replace("\"end\"", "\"ignored\"").replace("\"start\"", "\"end\"")
                .replace("\"ignored\"", "\"start\""), OPERATOR_TOKEN);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("end: ", "is before start");
        HttpResponse<String> accepted = post(label, OPERATOR_TOKEN);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"topic\":\"anomaly-labels\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("streamad.trainer.labels", "family", "sensor") >= 1);

        assertThat(counter("streamad.trainer.labels.rows.removed", "family", "sensor")).isEqualTo(50);
        assertThat(sampleRows()).isEqualTo(before - 50);
        assertThat(counter("streamad.trainer.scores.skipped", "reason", "label")).isEqualTo(1);
        assertThat(counter("streamad.trainer.labels", "family", "transaction")).isZero();
    }
}
