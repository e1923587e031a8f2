package io.streamad.detector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.admin.KafkaNewTopics;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.streamad.avro.StreamKind;
import io.streamad.core.feature.FeatureExtractor;
import io.streamad.core.feature.SensorFeatureConfig;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.detector.config.DetectorConfig;
import io.streamad.detector.model.ModelDirectory;
import io.streamad.detector.model.ModelDirectoryWatcher;
import io.streamad.detector.model.ModelRegistry;
import io.streamad.detector.topology.DetectorMetrics;
import io.streamad.detector.topology.ScoringTopology;
import io.streamad.detector.topology.TopologySettings;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Wires configuration, models and the topology into the Micronaut context. */
@Factory
class DetectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorFactory.class);

    @Singleton
    TopologySettings topologySettings(DetectorConfig config) {
        DetectorConfig.Topics t = config.getTopics();
        DetectorConfig.Sensors s = config.getSensors();
        DetectorConfig.Transactions tx = config.getTransactions();
        DetectorConfig.Threshold th = config.getThreshold();
        DetectorConfig.Batching b = config.getBatching();
        return new TopologySettings(
                new TopologySettings.Topics(t.getSensors(), t.getTransactions(), t.getScores(), t.getAnomalies(), t.getDeadLetters()),
                new SensorFeatureConfig(s.getMeasurements(), s.getWindow(), s.getLongMemory()),
                new TransactionFeatureConfig(tx.getShortWindow(), tx.getLongWindow(), tx.getKnownMerchants(), tx.getKnownCountries()),
                new ThresholdPolicy(th.getK(), th.getMemory(), th.getMinScores(), th.getFloorRatio()),
                new TopologySettings.Batching(b.getMaxRows(), b.getMaxDelay()),
                b.isPersistentStores());
    }

    @Singleton
    DetectorMetrics detectorMetrics(MeterRegistry registry) {
        return new DetectorMetrics(registry);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ModelRegistry modelRegistry(TopologySettings settings) {
        Map<StreamKind, io.streamad.core.feature.FeatureSchema> schemas = new EnumMap<>(StreamKind.class);
        ScoringTopology.extractors(settings).forEach((kind, extractor) -> schemas.put(kind, extractor.schema()));
        return new ModelRegistry(schemas);
    }

    /** Loads the newest models before the topology starts; a bad one stops start-up with the reason. */
    @Singleton
    ModelDirectoryWatcher modelDirectoryWatcher(ModelRegistry registry, DetectorConfig config, MeterRegistry meters) {
        ModelDirectoryWatcher watcher = new ModelDirectoryWatcher(registry, new ModelDirectory(config.getModels().getDir()), meters);
        watcher.loadAtStartup();
        return watcher;
    }

    @Singleton
    KStream<byte[], byte[]> scoringTopology(ConfiguredStreamBuilder builder, TopologySettings settings,
                                            ModelDirectoryWatcher watcher, ModelRegistry registry,
                                            DetectorMetrics metrics, @Nullable KafkaNewTopics newTopics) {
        if (newTopics != null) {
            awaitTopics(newTopics);
        }
        return ScoringTopology.build(builder, settings, registry.slots(), metrics);
    }

    private static void awaitTopics(KafkaNewTopics newTopics) {
        newTopics.getResult().values().forEach((topic, future) -> {
            try {
                future.get(60, TimeUnit.SECONDS);
                LOG.info("Created topic {}", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("no answer from Kafka at kafka.bootstrap.servers while creating topic "
                        + topic + " (60 s)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + topic, e);
            }
        });
    }

    @Bean
    @Named("sensors-topic")
    @Requires(property = "streamad.topics.create", notEquals = "false")
    NewTopic sensorsTopic(DetectorConfig config) {
        return topic(config, config.getTopics().getSensors());
    }

    @Bean
    @Named("transactions-topic")
    @Requires(property = "streamad.topics.create", notEquals = "false")
    NewTopic transactionsTopic(DetectorConfig config) {
        return topic(config, config.getTopics().getTransactions());
    }

    @Bean
    @Named("scores-topic")
    @Requires(property = "streamad.topics.create", notEquals = "false")
    NewTopic scoresTopic(DetectorConfig config) {
        return topic(config, config.getTopics().getScores());
    }

    @Bean
    @Named("anomalies-topic")
    @Requires(property = "streamad.topics.create", notEquals = "false")
    NewTopic anomaliesTopic(DetectorConfig config) {
        return topic(config, config.getTopics().getAnomalies());
    }

    @Bean
    @Named("dead-letters-topic")
    @Requires(property = "streamad.topics.create", notEquals = "false")
    NewTopic deadLettersTopic(DetectorConfig config) {
        return topic(config, config.getTopics().getDeadLetters());
    }

    private static NewTopic topic(DetectorConfig config, String name) {
        return new NewTopic(name, config.getTopics().getPartitions(), (short) config.getTopics().getReplicationFactor());
    }
}
