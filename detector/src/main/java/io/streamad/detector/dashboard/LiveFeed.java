package io.streamad.detector.dashboard;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tails the scores and anomalies topics (read committed, no consumer group: every partition assigned, starting
 * {@code streamad.dashboard.history} records back) into a {@link LiveState}, and publishes what it reads, and
 * this instance's stats, to the dashboard's subscribers. Starts with the first dashboard request, so a detector
 * nobody looks at reads nothing extra; slow subscribers miss updates rather than hold memory.
 */
@Singleton
@Requires(property = "streamad.dashboard.enabled", notEquals = "false")
final class LiveFeed {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    /** What subscribers receive: new points and anomalies as they are read, and stats every stats interval. */
    sealed interface Update permits Batch, Tick {
    }

    record Batch(List<Live.Point> points, List<Live.Anomaly> anomalies) implements Update {
    }

    record Tick(Live.Stats stats) implements Update {
    }

    private final DashboardConfig config;
    private final Map<String, Object> clientConfig;
    private final String scores;
    private final String anomalies;
    private final LiveState state;
    private final LiveStats stats;
    private final Sinks.Many<Update> updates = Sinks.many().multicast().directBestEffort();
    private volatile Live.Stats lastStats;
    private volatile boolean running = true;
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;

    LiveFeed(DashboardConfig config, TopologySettings settings, KafkaDefaultConfiguration kafka, MeterRegistry meters,
             BeanProvider<org.apache.kafka.streams.KafkaStreams> streams) {
        this.config = config;
        this.clientConfig = KafkaClients.config(kafka);
        this.scores = settings.topics().scores();
        this.anomalies = settings.topics().anomalies();
        this.state = new LiveState(config.getKeys(), config.getPointsPerKey(), config.getAnomalies());
        this.stats = new LiveStats(meters, () -> streams.stream().toList(),
                Set.of(settings.topics().sensors(), settings.topics().transactions()));
        this.lastStats = stats.sample(state, System.nanoTime());
    }

    /** Starts reading, once. */
    synchronized void start() {
        if (thread != null || !running) {
            return;
        }
        Map<String, Object> props = new java.util.HashMap<>(clientConfig);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "streamad-dashboard");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "streamad-dashboard-feed");
        thread.setDaemon(true);
        thread.start();
    }

    LiveState state() {
        return state;
    }

    Live.Stats stats() {
        return lastStats;
    }

    Flux<Update> updates() {
        return updates.asFlux();
    }

    private void run() {
        AvroSerde<ScoredRecord> scoreSerde = AvroSerde.ofOutput(ScoredRecord.class);
        AvroSerde<AnomalyEvent> anomalySerde = AvroSerde.ofOutput(AnomalyEvent.class);
        long statsEvery = config.getStatsInterval().toNanos();
        long nextStats = System.nanoTime() + statsEvery;
        try {
            TopicTail.assign(consumer, Map.of(scores, config.getHistory(), anomalies, config.getAnomalies()), () -> running);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(250));
                List<Live.Point> points = new ArrayList<>();
                List<Live.Anomaly> events = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        if (r.topic().equals(scores)) {
                            points.add(LiveViews.point(scoreSerde.decode(r.value())));
                        } else {
                            events.add(LiveViews.anomaly(anomalySerde.decode(r.value())));
                        }
                    } catch (SerializationException e) {
                        LOG.warn("Dashboard skipped an undecodable record at {}-{} offset {}: {}",
                                r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                points.forEach(state::add);
                events.forEach(state::add);
                if (!points.isEmpty() || !events.isEmpty()) {
                    updates.tryEmitNext(new Batch(points, events));
                }
                long now = System.nanoTime();
                if (now >= nextStats) {
                    lastStats = stats.sample(state, now);
                    updates.tryEmitNext(new Tick(lastStats));
                    nextStats = now + statsEvery;
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Dashboard feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            thread.join(10_000);
        }
        updates.tryEmitComplete();
    }
}
