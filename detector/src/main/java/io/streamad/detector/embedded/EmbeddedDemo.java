package io.streamad.detector.embedded;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.streamad.detector.model.ModelRegistry;
import io.streamad.detector.topology.TopologySettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs the demo around the detector once the service is up: the replay of the NAB series and the card
 * simulation, and the console report. The trainer service, running in the same process, trains the
 * first models from the history each replay publishes first (each replay goes live once its family's
 * first model serves) and keeps retraining; the detector picks each model up from the models topic.
 */
@Singleton
@Requires(property = "streamad.embedded.enabled", value = "true")
final class EmbeddedDemo {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDemo.class);

    private final EmbeddedConfig config;
    private final TopologySettings settings;
    private final ModelRegistry models;
    private final String bootstrapServers;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "streamad-demo");
        t.setDaemon(true);
        return t;
    });
    private DemoReplay replay;
    private DemoReport report;

    EmbeddedDemo(EmbeddedConfig config, TopologySettings settings, ModelRegistry models,
                 @Value("${kafka.bootstrap.servers}") String bootstrapServers) {
        this.config = config;
        this.models = models;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        NabSeries series = NabSeries.machineTemperature();
        TopologySettings.Topics topics = settings.topics();
        replay = new DemoReplay(bootstrapServers, config, topics.sensors(), topics.transactions(),
                family -> models.kind(family).map(kind -> models.slot(kind).manifest().isPresent()).orElse(false));
        int probation = (int) Math.ceil(series.readings().size() * config.getTrainingFraction());
        Instant probationEnd = series.readings().get(probation - 1).getEventTime();
        report = new DemoReport(bootstrapServers, topics.anomalies(), topics.scores(), series, replay,
                config.getReportInterval(), probationEnd);

        LOG.info("Demo: replaying NAB {} ({} readings, {} labelled anomaly windows) and simulating {} cards with {} fraud "
                        + "incidents a day; anomalies are printed below as they are found",
                series.sensorId(), series.readings().size(), series.windows().size(), config.getCards(), config.getFraudPerDay());
        threads.submit(guard("report", report));
        threads.submit(guard("sensor replay", () -> replay.replaySeries(series)));
        Instant simulationStart = Instant.parse("2026-01-05T00:00:00Z");
        threads.submit(guard("card simulation", () -> replay.simulateCards(new CardSimulator(config.getCards(),
                simulationStart, config.getFraudPerDay(), simulationStart.plus(Duration.ofDays(config.getBackfillDays())), 42))));
    }

    private static Runnable guard(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Demo {} failed: {}", name, e.toString(), e);
            }
        };
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (replay != null) {
            replay.stop();
            report.stop();
        }
        threads.shutdown();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        if (replay != null) {
            replay.close();
        }
    }
}
