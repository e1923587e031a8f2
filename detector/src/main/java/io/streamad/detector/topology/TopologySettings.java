package io.streamad.detector.topology;

import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.detector.config.DetectorConfig;
import io.streamad.detector.source.Sources;
import io.streamad.trainer.config.Features;
import io.streamad.trainer.config.SensorSettings;
import io.streamad.trainer.config.TransactionSettings;

import java.time.Duration;

/**
 * Everything the topology is built from, already validated.
 *
 * @param topics       topic names
 * @param sensors      sensor feature parameters
 * @param transactions transaction feature parameters
 * @param threshold    how per-key thresholds are learned
 * @param batching     micro-batching of inference
 * @param persistent   RocksDB stores (true) or in-memory stores rebuilt from their changelogs at start-up (false)
 * @param input        what the detector accepts from producers
 * @param sources      existing topics mapped onto the sensor family, beside the sensor topic, and the registry they may need
 */
public record TopologySettings(Topics topics, SensorFeatureConfig sensors, TransactionFeatureConfig transactions,
                               ThresholdPolicy threshold, Batching batching, boolean persistent, Input input,
                               Sources sources) {

    public TopologySettings {
        sources.mappings().forEach(s -> s.requireMeasurements(sensors.measurements()));
    }

    /** The settings the configuration describes, without source topics. */
    public static TopologySettings of(DetectorConfig config, SensorSettings sensors, TransactionSettings transactions) {
        return of(config, sensors, transactions, Sources.NONE);
    }

    /** The settings the configuration describes. */
    public static TopologySettings of(DetectorConfig config, SensorSettings sensors, TransactionSettings transactions,
                                      Sources sources) {
        DetectorConfig.Topics t = config.getTopics();
        DetectorConfig.Threshold th = config.getThreshold();
        DetectorConfig.Batching b = config.getBatching();
        return new TopologySettings(
                new Topics(t.getSensors(), t.getTransactions(), t.getScores(), t.getAnomalies(), t.getDeadLetters()),
                Features.sensors(sensors),
                Features.transactions(transactions),
                new ThresholdPolicy(ThresholdPolicy.Mode.parse(th.getMode()), th.getK(), th.getMemory(), th.getMinScores(),
                        th.getFloorRatio(), th.getCooldown(), th.getEscalation(), th.getQuiet(), th.getRange(),
                        th.getStuck()),
                new Batching(b.getMaxRows(), b.getMaxDelay()),
                b.isPersistentStores(),
                new Input(config.getInput().getMaxFutureSkew()),
                sources);
    }

    /**
     * @param maxFutureSkew how far a record's event time may be ahead of its Kafka record timestamp; a record
     *                      further ahead goes to the dead-letter topic rather than pin its key's state in the future
     */
    public record Input(Duration maxFutureSkew) {
        public static final Input DEFAULT = new Input(Duration.ofHours(1));

        public Input {
            if (maxFutureSkew.isNegative()) {
                throw new IllegalArgumentException("max future skew must not be negative, was " + maxFutureSkew);
            }
        }
    }

    /** Input and output topics. */
    public record Topics(String sensors, String transactions, String scores, String anomalies, String deadLetters) {
    }

    /**
     * @param maxRows  score as soon as this many rows are queued in a task
     * @param maxDelay and at the latest this long after the last scoring (wall clock)
     */
    public record Batching(int maxRows, Duration maxDelay) {
        public Batching {
            if (maxRows < 1 || maxRows > 100_000) {
                throw new IllegalArgumentException("batch size must be in 1..100000, was " + maxRows);
            }
            if (maxDelay.isNegative() || maxDelay.isZero()) {
                throw new IllegalArgumentException("batch delay must be positive, was " + maxDelay);
            }
        }
    }

    /** The three state stores of one stream kind. */
    record Stores(String windows, String thresholds, String pending) {
        static Stores of(String kind) {
            return new Stores(kind + "-windows", kind + "-thresholds", kind + "-pending");
        }
    }
}
