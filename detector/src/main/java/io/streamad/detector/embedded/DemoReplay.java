package io.streamad.detector.embedded;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Feeds the demo's input topics: the NAB series and the card simulation. Each starts with a backfill,
 * published as fast as the broker takes it (the history the first models are trained on), waits for the
 * first model of its family to serve, then goes live at a steady rate. Remembers which simulated
 * transactions are fraud, so the report can say what was caught.
 */
final class DemoReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoReplay.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final EmbeddedConfig config;
    private final String sensorTopic;
    private final String transactionTopic;
    private final Map<String, CardSimulator.Labelled> fraud = new ConcurrentHashMap<>();
    private final Predicate<String> serving;
    private volatile boolean running = true;
    private volatile int incidentsReplayed;

    /** @param serving whether a model of the family ("sensor", "transaction") is serving */
    DemoReplay(String bootstrapServers, EmbeddedConfig config, String sensorTopic, String transactionTopic,
               Predicate<String> serving) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "streamad-demo-replay"),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.config = config;
        this.sensorTopic = sensorTopic;
        this.transactionTopic = transactionTopic;
        this.serving = serving;
    }

    /** The fraud transaction with this card and event time, or null for a genuine one. */
    CardSimulator.Labelled fraudAt(String card, Instant eventTime) {
        return fraud.get(card + "@" + eventTime.toEpochMilli());
    }

    int incidentsReplayed() {
        return incidentsReplayed;
    }

    void replaySeries(NabSeries series) {
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        List<SensorReading> readings = series.readings();
        int backfill = (int) Math.ceil(readings.size() * config.getTrainingFraction());
        byte[] key = series.sensorId().getBytes(StandardCharsets.UTF_8);
        Pacer pacer = null;
        for (int i = 0; i < readings.size() && running; i++) {
            producer.send(new ProducerRecord<>(sensorTopic, null, readings.get(i).getEventTime().toEpochMilli(), key,
                    serde.encode(readings.get(i))));
            if (i + 1 == backfill) {
                producer.flush();
                LOG.info("Sensor replay: first {} readings of {} published (training stretch)", backfill, series.sensorId());
                pacer = goLive("sensor", "Sensor replay", config.getSensorRate()).orElse(null);
                if (pacer == null) {
                    break;
                }
            } else if (i >= backfill) {
                pacer.await();
                if ((i + 1) % 2000 == 0) {
                    LOG.info("Sensor replay: {}/{} readings ({}%), event time {}", i + 1, readings.size(),
                            100 * (i + 1) / readings.size(), readings.get(i).getEventTime());
                }
            }
        }
        producer.flush();
        LOG.info("Sensor replay finished: {} readings of {}", readings.size(), series.sensorId());
    }

    void simulateCards(CardSimulator simulator) {
        AvroSerde<CardTransaction> serde = AvroSerde.of(CardTransaction.class);
        Instant liveFrom = null;
        int published = 0;
        Pacer pacer = null;
        while (running) {
            CardSimulator.Labelled next = simulator.next();
            CardTransaction txn = next.transaction();
            if (liveFrom == null) {
                liveFrom = txn.getEventTime().plus(Duration.ofDays(config.getBackfillDays()));
            }
            if (pacer == null && !txn.getEventTime().isBefore(liveFrom)) {
                // the history is out: the first live transaction waits for the first model with the rest
                producer.flush();
                LOG.info("Card simulation: {} days of history ({} transactions, {} fraud incidents) published",
                        config.getBackfillDays(), published, incidentsReplayed);
                pacer = goLive("transaction", "Card simulation", config.getTransactionRate()).orElse(null);
                if (pacer == null) {
                    return;
                }
            }
            if (next.fraud()) {
                fraud.put(txn.getCardId() + "@" + txn.getEventTime().toEpochMilli(), next);
                incidentsReplayed = simulator.incidents();
            }
            producer.send(new ProducerRecord<>(transactionTopic, null, txn.getEventTime().toEpochMilli(),
                    txn.getCardId().getBytes(StandardCharsets.UTF_8), serde.encode(txn)));
            published++;
            if (pacer != null) {
                pacer.await();
            }
        }
    }

    /**
     * Holds a replay whose history is out until a model of {@code family} serves (or the configured wait runs
     * out), then starts its live pace from now.
     *
     * @return the live pace, or empty when the demo stopped meanwhile
     */
    private Optional<Pacer> goLive(String family, String replay, int perSecond) {
        if (!awaitFirstModel(family)) {
            return Optional.empty();
        }
        LOG.info("{}: live at {}/s from here", replay, perSecond);
        return Optional.of(new Pacer(perSecond));
    }

    /**
     * Holds the replay until a model of {@code family} serves, the configured wait runs out, or the demo stops.
     *
     * @return false when the demo stopped meanwhile
     */
    private boolean awaitFirstModel(String family) {
        long start = System.nanoTime();
        long deadline = start + config.getFirstModelWait().toNanos();
        LOG.info("Waiting for the first {} model (up to {} s)", family, config.getFirstModelWait().toSeconds());
        while (running && !serving.test(family)) {
            if (System.nanoTime() - deadline > 0) {
                LOG.warn("No {} model is serving after {} s: going live without one. Is the trainer running, and does "
                                + "the history hold its streamad.trainer.retrain.bootstrap-rows? (streamad.embedded.first-model-wait "
                                + "sets the wait)", family, config.getFirstModelWait().toSeconds());
                return running;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        if (running) {
            LOG.info("The first {} model serves, {} s after its history was published", family,
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
        }
        return running;
    }

    /** Asks both replays to stop at their next record. */
    void stop() {
        running = false;
    }

    /** Closes the producer; call after the replay threads have returned. */
    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }

    /** Spaces calls {@code 1/rate} seconds apart on average, catching up after a stall. */
    private static final class Pacer {
        private final long interval;
        private long next = System.nanoTime();

        Pacer(int perSecond) {
            this.interval = 1_000_000_000L / perSecond;
        }

        void await() {
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
