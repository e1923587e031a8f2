package io.streamad.detector.it;

import io.streamad.detector.TestModels;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.detector.topology.ReferenceRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The set-up the reliability tests share: an in-process broker, a real sensor model trained by the
 * trainer's code, and detector instances in their own JVMs, all in one consumer group with standby
 * replicas and a short session timeout (so a killed member's partitions move in seconds, not 45 s).
 */
final class ReliabilityCluster implements AutoCloseable {

    static final int PARTITIONS = 6;
    private static final String OVERRIDE = "reliability.";

    final EmbeddedKafka broker;
    final KafkaTestSupport kafka;
    private final Path work;
    private final List<DetectorProcess> instances = new ArrayList<>();
    private final Map<String, Object> properties = new HashMap<>();

    ReliabilityCluster(Path work, String applicationId) {
        this.work = work;
        this.broker = new EmbeddedKafka(work.resolve("kafka")).start();
        this.kafka = new KafkaTestSupport(broker.bootstrapServers());
        properties.put("kafka.bootstrap.servers", broker.bootstrapServers());
        properties.put("kafka.streams.default.application.id", applicationId);
        properties.put("kafka.streams.default.num.standby.replicas", 1);
        properties.put("kafka.streams.default.session.timeout.ms", 6000);
        properties.put("kafka.streams.default.heartbeat.interval.ms", 1000);
        properties.put("streamad.topics.partitions", PARTITIONS);
        properties.put("streamad.sensors.measurements", "temp");
        properties.put("streamad.sensors.window", TestModels.SENSORS.window());
        properties.put("streamad.sensors.long-memory", TestModels.SENSORS.longMemory());
        // -Dreliability.kafka.streams.default.processing.guarantee=at_least_once (and the like) reconfigures the
        // instances, to see what these tests catch when exactly-once is off
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(OVERRIDE))
                .forEach(k -> properties.put(k.substring(OVERRIDE.length()), System.getProperty(k)));
    }

    /** Serve the newest model under {@code root} (the directory model source). */
    ReliabilityCluster withModelDirectory(Path root) {
        properties.put("streamad.models.source", "directory");
        properties.put("streamad.models.dir", root.toString());
        return this;
    }

    /** Follow the models topic (the default source); each instance caches models under its own directory. */
    ReliabilityCluster withModelTopic() {
        properties.put("streamad.models.source", "kafka");
        return this;
    }

    /** Starts one more detector instance and waits until it is healthy. */
    DetectorProcess startInstance(String name) {
        Map<String, Object> props = new HashMap<>(properties);
        props.putIfAbsent("streamad.models.dir", work.resolve(name).resolve("models").toString());
        DetectorProcess instance = new DetectorProcess(name, work, props);
        instances.add(instance);
        return instance.start();
    }

    /** What an uninterrupted run gives for {@code stream} with the model in {@code modelDir}. */
    ReferenceRun.Outputs reference(SensorStream stream, Path modelDir) {
        return ReferenceRun.sensors(work.resolve("reference"), modelDir, stream.readings());
    }

    /** Records this instance scored, from its own Prometheus endpoint. */
    static long scoredBy(DetectorProcess instance) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(instance.uri() + "/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^streamad_records_scored_total\\{[^}]*} ([0-9.eE+]+)$").matcher(r.body());
            double total = 0;
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return (long) total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The test's model training set: the stream's keys, normal behaviour only. */
    static Path trainModel(Path root, SensorStream stream, int perKey) {
        return TestModels.sensorModel(root, stream.keys(), perKey, TestModels.SENSORS);
    }

    @Override
    public void close() {
        instances.forEach(DetectorProcess::close);
        kafka.close();
        broker.close();
    }
}
