package io.streamad.detector;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.streamad.detector.embedded.EmbeddedDefault;
import io.streamad.detector.embedded.EmbeddedKafka;
import io.streamad.trainer.config.Startup;
import io.streamad.trainer.config.StartupException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the detector. With {@code kafka.bootstrap.servers} configured anywhere (application.yml,
 * environment, system property or argument) it joins that cluster; without it, it runs the embedded
 * default: an in-process broker, replayed and simulated data, an initial training, and the detector.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        Map<String, Object> properties = new HashMap<>();
        Optional<EmbeddedDefault> embedded = EmbeddedDefault.unlessConfigured(args);
        EmbeddedKafka broker = embedded.map(e -> e.startBroker(properties)).orElse(null);
        ApplicationContext started;
        try {
            var builder = ApplicationContext.builder(Application.class).args(args).properties(properties);
            if (embedded.isPresent()) {
                builder.environments(EmbeddedDefault.ENVIRONMENT);
            }
            started = start(builder);
        } catch (StartupException e) {
            LOG.error("Start-up failed: {}", e.getMessage());
            LOG.debug("Start-up failure", e);
            if (broker != null) {
                broker.close();
            }
            System.exit(1);
            return;
        }
        // One hook, in order: streams leave their group, the context closes, the broker goes last.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            started.getBeansOfType(KafkaStreams.class).forEach(streams -> {
                if (!streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)))) {
                    LOG.warn("Kafka Streams did not stop within 30 s; closing the service anyway");
                }
            });
            started.close();
            if (broker != null) {
                broker.close();
            }
        }, "streamad-shutdown"));
    }

    /**
     * Starts the service built by {@code builder}, or closes what started and throws a {@link StartupException}
     * whose message is the one line worth logging: the configuration key to fix, or the innermost cause.
     */
    public static ApplicationContext start(ApplicationContextBuilder builder) {
        ApplicationContext context = Startup.start(builder);
        String url = Startup.url(context);
        LOG.info("streamad detector up: health {}health, metrics {}metrics, prometheus {}prometheus", url, url, url);
        return context;
    }
}
