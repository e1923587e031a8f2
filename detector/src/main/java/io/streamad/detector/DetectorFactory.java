package io.streamad.detector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.streamad.avro.StreamKind;
import io.streamad.core.feature.FeatureSchema;
import io.micronaut.context.env.Environment;
import io.streamad.detector.config.DetectorConfig;
import io.streamad.detector.dashboard.DashboardConfig;
import io.streamad.detector.config.RegistrySettings;
import io.streamad.detector.config.SourceSettings;
import io.streamad.detector.model.ModelMeters;
import io.streamad.detector.model.ModelSource;
import io.streamad.detector.source.SourceMapping;
import io.streamad.detector.source.Sources;
import io.streamad.detector.model.ModelRegistry;
import io.streamad.detector.topology.DetectorMetrics;
import io.streamad.detector.topology.InputLossReporter;
import io.streamad.detector.topology.ScoringTopology;
import io.streamad.detector.topology.TopologySettings;
import io.streamad.trainer.config.ConfigurationCheck;
import io.streamad.trainer.config.KafkaClients;
import io.streamad.trainer.config.SensorSettings;
import io.streamad.trainer.config.TransactionSettings;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Wires configuration, models and the topology into the Micronaut context. */
@Factory
class DetectorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DetectorFactory.class);
    /** Every settings interface the detector binds; with the embedded default it runs the trainer too. */
    private static final List<Class<?>> SETTINGS = Stream.concat(Stream.of(DetectorConfig.Topics.class,
            DetectorConfig.Threshold.class, DetectorConfig.Batching.class, DetectorConfig.Models.class,
            DetectorConfig.Input.class, DetectorConfig.Startup.class, DashboardConfig.class),
            ConfigurationCheck.TRAINER.stream()).toList();

    @Singleton
    TopologySettings topologySettings(Environment env, DetectorConfig config, SensorSettings sensors,
                                      TransactionSettings transactions, List<SourceSettings> sources,
                                      RegistrySettings registry) {
        ConfigurationCheck.require(env, SETTINGS);
        List<SourceMapping> mappings = sources.stream().map(SourceSettings::mapping).toList();
        ConfigurationCheck.requireDistinctTopics(topicSettings(config.getTopics(), mappings));
        return TopologySettings.of(config, sensors, transactions,
                new Sources(mappings, registry.serdeConfig(), registry.isFrameOutputs()));
    }

    /** Every topic setting's key and topic, in the configuration table's order; the source mappings' last. */
    private static Map<String, String> topicSettings(DetectorConfig.Topics t, List<SourceMapping> sources) {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put("streamad.topics.sensors", t.getSensors());
        topics.put("streamad.topics.transactions", t.getTransactions());
        topics.put("streamad.topics.scores", t.getScores());
        topics.put("streamad.topics.anomalies", t.getAnomalies());
        topics.put("streamad.topics.dead-letters", t.getDeadLetters());
        topics.put("streamad.topics.models", t.getModels());
        topics.put("streamad.topics.labels", t.getLabels());
        sources.forEach(s -> topics.put(SourceMapping.key(s.name(), "topic"), s.topic()));
        return topics;
    }

    /** Kafka Streams' clients, reporting input records an offset reset skipped (over micronaut-kafka's own supplier). */
    @Singleton
    KafkaClientSupplier kafkaClientSupplier(MeterRegistry registry, TopologySettings settings,
                                            @Value("${kafka.streams.default.group.protocol:classic}") String groupProtocol) {
        if ("streams".equalsIgnoreCase(groupProtocol.trim())) {
            LOG.warn("kafka.streams.default.group.protocol is 'streams': Kafka Streams then builds its main consumer "
                    + "itself, so input records an offset reset skips are neither logged nor counted (streamad.input.skipped)");
        }
        List<String> inputs = new ArrayList<>(List.of(settings.topics().sensors(), settings.topics().transactions()));
        settings.sources().mappings().forEach(m -> inputs.add(m.topic()));
        return new InputLossReporter(registry, inputs);
    }

    @Singleton
    DetectorMetrics detectorMetrics(MeterRegistry registry) {
        return new DetectorMetrics(registry);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ModelRegistry modelRegistry(TopologySettings settings) {
        Map<StreamKind, FeatureSchema> schemas = new EnumMap<>(StreamKind.class);
        ScoringTopology.extractors(settings).forEach((kind, extractor) -> schemas.put(kind, extractor.schema()));
        return new ModelRegistry(schemas);
    }

    /**
     * The detector's topics, created first when {@code streamad.topics.create} is on. When start-up needs Kafka
     * (to create topics or read models from it) it first waits for the broker, up to {@code streamad.startup.broker-wait}.
     * Takes the topology settings so that the configuration, each topic setting's own topic included, is checked first.
     */
    @Singleton
    Topics topics(Environment env, DetectorConfig config, AdminClient admin, TopologySettings checked) {
        if (config.getTopics().isCreate() || config.getModels().getSource() == DetectorConfig.Models.Source.KAFKA) {
            new BrokerWait(admin, env.getProperty("kafka.bootstrap.servers", String.class).orElse("localhost:9092"),
                    config.getStartup().getBrokerWait()).await();
        }
        if (config.getTopics().isCreate()) {
            createTopics(admin, config.getTopics());
        }
        return new Topics(config.getTopics());
    }

    /** The detector's topics exist (or are the operator's business). */
    record Topics(DetectorConfig.Topics names) {
    }

    @Singleton
    ModelMeters modelMeters(ModelRegistry registry, MeterRegistry meters) {
        return new ModelMeters(registry, meters);
    }

    /** Installs the current models before the topology starts, then keeps them current. */
    @Singleton
    @Bean(preDestroy = "close")
    ModelSource modelSource(DetectorConfig config, ModelRegistry registry, ModelMeters meters,
                            KafkaDefaultConfiguration kafka, Topics topics) {
        DetectorConfig.Models models = config.getModels();
        return switch (models.getSource()) {
            case KAFKA -> ModelSource.topic(KafkaClients.config(kafka), topics.names().getModels(), registry, models.getDir(), meters);
            case DIRECTORY -> ModelSource.directory(registry, models.getDir(), models.getPollInterval(), meters);
        };
    }

    /** The topology, once topics exist and models are installed. */
    @Singleton
    KStream<byte[], byte[]> scoringTopology(ConfiguredStreamBuilder builder, TopologySettings settings,
                                            ModelSource models, ModelRegistry registry, DetectorMetrics metrics) {
        return ScoringTopology.build(builder, settings, registry.slots(), metrics);
    }

    private static void createTopics(AdminClient admin, DetectorConfig.Topics t) {
        List<NewTopic> topics = new java.util.ArrayList<>(Stream.of(t.getSensors(), t.getTransactions(), t.getScores(),
                        t.getAnomalies(), t.getDeadLetters())
                // distinct names: the topology settings refused two settings naming one topic
                .map(name -> new NewTopic(name, t.getPartitions(), (short) t.getReplicationFactor())).toList());
        // One partition keeps a model's chunks, release and pointer in order; compaction keeps the last of each key.
        topics.add(new NewTopic(t.getModels(), 1, (short) t.getReplicationFactor())
                .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", Integer.toString(2 * 1024 * 1024))));
        topics.add(new NewTopic(t.getLabels(), 1, (short) t.getReplicationFactor()));
        var futures = admin.createTopics(topics).values();
        for (NewTopic created : topics) {
            String topic = created.name();
            try {
                futures.get(topic).get(60, TimeUnit.SECONDS);
                LOG.info("Created topic {} ({} partitions)", topic, created.numPartitions());
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
        }
    }
}
