package io.streamad.detector.it;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.streamad.detector.embedded.EmbeddedKafka;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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

    /** Starts a fresh embedded broker under {@code dir}. */
    public static EmbeddedKafka broker(Path dir) {
        return new EmbeddedKafka(dir).start();
    }
}
