package io.streamad.detector;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings that start the detector's context with no broker behind it: nothing created or started that
 * needs Kafka (no topics, no Kafka Streams, models from a directory), for tests of start-up and HTTP.
 */
public final class BrokerlessDetector {

    private BrokerlessDetector() {
    }

    /** The settings, under {@code work}, with {@code overrides} on top. */
    public static Map<String, Object> properties(Path work, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "streamad.topics.create", false,
                "micronaut.server.port", -1,
                "kafka.streams.default.start-kafka-streams", false,
                "kafka.streams.default.state.dir", work.resolve("streams").toString(),
                "streamad.models.source", "directory",
                "streamad.models.dir", work.resolve("models").toString()));
        props.putAll(overrides);
        return props;
    }
}
