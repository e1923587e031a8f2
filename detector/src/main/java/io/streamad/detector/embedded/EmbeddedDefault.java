package io.streamad.detector.embedded;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides, before the application context starts, whether to run the embedded default, and prepares
 * it: a fresh working directory (unless {@code streamad.embedded.keep-data}), the broker, and the
 * properties that point the service at them.
 */
public final class EmbeddedDefault {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDefault.class);
    static final String BOOTSTRAP = "kafka.bootstrap.servers";

    private final Path dir;
    private final boolean keepData;

    private EmbeddedDefault(Path dir, boolean keepData) {
        this.dir = dir.toAbsolutePath();
        this.keepData = keepData;
    }

    /**
     * Reads the configuration (files, environment, system properties, arguments) without creating any
     * bean; empty when {@code kafka.bootstrap.servers} is set somewhere.
     */
    public static Optional<EmbeddedDefault> unlessConfigured(String[] args) {
        ApplicationContext probe = ApplicationContext.builder().args(args).build();
        Environment env = probe.getEnvironment();
        env.start();
        try {
            if (env.containsProperty(BOOTSTRAP)) {
                return Optional.empty();
            }
            return Optional.of(new EmbeddedDefault(
                    Path.of(env.getProperty("streamad.embedded.dir", String.class).orElse("var/embedded")),
                    env.getProperty("streamad.embedded.keep-data", Boolean.class).orElse(false)));
        } finally {
            env.stop();
        }
    }

    /** The Micronaut environment whose {@code application-embedded.yml} tunes the demo. */
    public static final String ENVIRONMENT = "embedded";

    /** Starts the broker and adds the properties that make the service use it and the demo. */
    public EmbeddedKafka startBroker(Map<String, Object> properties) {
        if (!keepData) {
            clear(dir);
        }
        LOG.info("No {} configured: starting the embedded default in {}", BOOTSTRAP, dir);
        EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka")).start();
        properties.put(BOOTSTRAP, broker.bootstrapServers());
        properties.put("streamad.embedded.enabled", true);
        properties.put("streamad.models.dir", dir.resolve("models").toString());
        properties.put("streamad.trainer.enabled", true);
        properties.put("streamad.trainer.work-dir", dir.resolve("trainer").toString());
        properties.put("kafka.streams.default.state.dir", dir.resolve("streams").toString());
        return broker;
    }

    /** Deletes {@code dir} and everything in it, if it exists: a working directory started afresh. */
    public static void clear(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the working directory " + dir, e);
        }
    }
}
