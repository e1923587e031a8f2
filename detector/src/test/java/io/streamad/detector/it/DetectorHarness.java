package io.streamad.detector.it;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** The detector service, as deployed, against a given broker; closed before the broker. */
public final class DetectorHarness implements AutoCloseable {

    private final EmbeddedServer server;

    /**
     * @param bootstrapServers the cluster
     * @param work             a directory for state and models
     * @param overrides        extra configuration
     */
    public DetectorHarness(String bootstrapServers, Path work, Map<String, Object> overrides) {
        String id = "detector-it-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> props = new HashMap<>();
        props.put("kafka.bootstrap.servers", bootstrapServers);
        props.put("micronaut.server.port", -1);
        props.put("kafka.streams.default.application.id", id);
        props.put("kafka.streams.default.state.dir", work.resolve("streams").toString());
        props.put("streamad.models.dir", work.resolve("models").toString());
        props.put("streamad.models.poll-interval", "500ms");
        props.putAll(overrides);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        KafkaStreams streams = server.getApplicationContext().getBean(KafkaStreams.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public java.net.URI uri() {
        return server.getURI();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }

    /**
     * Scoring with the test sensor model ({@link TestModels#SENSORS}), read from the models folder of the harness's
     * work directory, plus {@code extra} settings.
     */
    public static Map<String, Object> withTestSensorModel(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(testSensorFeatures());
        config.put("streamad.models.source", "directory");
        config.putAll(extra);
        return config;
    }

    /** The sensor feature settings of {@link TestModels#SENSORS}: one measurement, {@code temp}. */
    public static Map<String, Object> testSensorFeatures() {
        return Map.of(
                "streamad.sensors.measurements", List.of("temp"),
                "streamad.sensors.window", TestModels.SENSORS.window(),
                "streamad.sensors.long-memory", TestModels.SENSORS.longMemory());
    }

    /** The trainer in the detector's process, reading and counting but never training (its first model needs a million rows). */
    public static Map<String, Object> idleTrainer(Path workDir) {
        return Map.of(
                "streamad.trainer.enabled", true,
                "streamad.trainer.work-dir", workDir.toString(),
                "streamad.trainer.retrain.bootstrap-rows", 1_000_000);
    }

    /** Closes what a test started, in the order given (detector, clients, broker), skipping what never started. */
    public static void closeAll(AutoCloseable... started) {
        for (AutoCloseable c : started) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close " + c, e);
                }
            }
        }
    }

    /** Starts a fresh embedded broker under {@code dir}. */
    public static EmbeddedKafka broker(Path dir) {
        return new EmbeddedKafka(dir).start();
    }
}
