package io.streamad.detector.topology;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.CardTransaction;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.core.feature.FeatureExtractor;
import io.streamad.core.feature.SensorFeatureExtractor;
import io.streamad.core.feature.TransactionFeatureExtractor;
import io.streamad.core.serde.AvroSerde;
import io.streamad.core.threshold.AdaptiveThreshold;
import io.streamad.detector.model.ModelSlot;
import io.streamad.detector.source.SourceMapping;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Builds the detector topology on a {@link StreamsBuilder}, one branch per stream kind:
 * <pre>
 * user topics (JSON, Avro) -> map to sensor readings -> invalid -------------> dead-letter topic
 *                                                    -> valid -> repartition by sensor id -+
 * input (bytes) <--------------------------------------------------------------------------+
 * input (bytes) -> decode + validate -> invalid ----------------------------> dead-letter topic
 *                                    -> valid -> features + batched scoring -> scores topic
 *                                                                           -> anomalies topic
 * </pre>
 */
public final class ScoringTopology {

    /** The window summary's entry, on an event of a sensor stuck for longer than ever, for how many readings it was. */
    public static final String STUCK_RUN = "stuck_run";

    private ScoringTopology() {
    }

    /** The extractors a topology built from these settings uses; the model slots must be for these schemas. */
    public static Map<StreamKind, FeatureExtractor<?, ?>> extractors(TopologySettings settings) {
        return Map.of(
                StreamKind.SENSOR, new SensorFeatureExtractor(settings.sensors()),
                StreamKind.TRANSACTION, new TransactionFeatureExtractor(settings.transactions()));
    }

    /**
     * Adds both branches to {@code builder}.
     *
     * @return the sensor source stream (Micronaut needs a {@link KStream} bean to build the topology)
     */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, TopologySettings settings,
                                                Map<StreamKind, ModelSlot> models, DetectorMetrics metrics) {
        TopologySettings.Topics topics = settings.topics();
        KStream<byte[], byte[]> sensorTopic = builder.stream(topics.sensors(), input("sensor-source"));
        KStream<byte[], byte[]> sensorInput = sensorTopic;
        for (SourceMapping source : settings.sources().mappings()) {
            sensorInput = sensorInput.merge(adapted(builder, source, settings, metrics), Named.as("source-" + source.name() + "-merge"));
        }
        branch(sensorInput, builder, StreamKind.SENSOR, SensorReading.class,
                new SensorFeatureExtractor(settings.sensors()), SensorReading::getSensorId,
                r -> r.getEventTime().toEpochMilli(), settings, models.get(StreamKind.SENSOR), metrics);
        KStream<byte[], byte[]> transactionTopic = builder.stream(topics.transactions(), input("transaction-source"));
        branch(transactionTopic, builder, StreamKind.TRANSACTION, CardTransaction.class,
                new TransactionFeatureExtractor(settings.transactions()), CardTransaction::getCardId,
                t -> t.getEventTime().toEpochMilli(), settings, models.get(StreamKind.TRANSACTION), metrics);
        return sensorTopic;
    }

    /**
     * An input topic, read from its earliest record where the application has no position yet or its position was
     * deleted. Stated in the topology rather than left to the consumer's {@code auto.offset.reset}, so that Kafka
     * Streams resets positions itself and {@link InputLossReporter} sees each reset that skipped records.
     */
    private static Consumed<byte[], byte[]> input(String name) {
        return Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withOffsetResetPolicy(AutoOffsetReset.earliest())
                .withName(name);
    }

    /**
     * A user's topic mapped to sensor readings, repartitioned by sensor id (its records may be keyed by
     * anything) so that each sensor's readings meet its state in one task; unusable records go to the
     * dead-letter topic with the source's name in the reason.
     */
    private static KStream<byte[], byte[]> adapted(StreamsBuilder builder, SourceMapping source, TopologySettings settings,
                                                   DetectorMetrics metrics) {
        String name = "source-" + source.name();
        KStream<byte[], Decoded<byte[]>> mapped = builder
                .stream(source.topic(), input(name))
                .process(() -> new SourceAdapterProcessor(settings.sources().mapper(source), metrics), Named.as(name + "-map"));
        mapped.filter((k, v) -> v instanceof Decoded.Invalid<byte[]>, Named.as(name + "-invalid"))
                .mapValues(v -> ((Decoded.Invalid<byte[]>) v).value(), Named.as(name + "-dead-letter-bytes"))
                .to(settings.topics().deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(name + "-dead-letters"));
        return mapped.filter((k, v) -> v instanceof Decoded.Valid<byte[]>, Named.as(name + "-valid"))
                .mapValues(v -> ((Decoded.Valid<byte[]>) v).value(), Named.as(name + "-readings"))
                .repartition(Repartitioned.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-by-sensor"));
    }

    private static KeyValueBytesStoreSupplier keyValueStore(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private static <R extends SpecificRecord, S> void branch(
            KStream<byte[], byte[]> source, StreamsBuilder builder, StreamKind kind, Class<R> type, FeatureExtractor<R, S> extractor,
            Function<R, String> id, ToLongFunction<R> eventTime, TopologySettings settings, ModelSlot slot,
            DetectorMetrics metrics) {
        String name = kind.name().toLowerCase();
        TopologySettings.Stores stores = TopologySettings.Stores.of(name);
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(stores.windows(), settings.persistent()),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(stores.thresholds(), settings.persistent()),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(stores.pending()),
                Serdes.Long(), Serdes.ByteArray()).withCachingEnabled());

        AvroSerde<R> serde = AvroSerde.of(type);
        AdaptiveThreshold threshold = new AdaptiveThreshold(settings.threshold());
        KStream<String, Decoded<R>> decoded = source
                .process(() -> new DecodeProcessor<>(name, serde, extractor::validate, id, eventTime,
                        settings.input().maxFutureSkew(), metrics), Named.as(name + "-decode"));

        decoded.split(Named.as(name + "-"))
                .branch((k, v) -> v instanceof Decoded.Invalid<R>, Branched.withConsumer(invalid -> invalid
                        .map((k, v) -> {
                            Decoded.Invalid<R> bad = (Decoded.Invalid<R>) v;
                            return KeyValue.pair(bad.key(), bad.value());
                        }, Named.as(name + "-dead-letter-bytes"))
                        .to(settings.topics().deadLetters(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withName(name + "-dead-letters")), "invalid"))
                .defaultBranch(Branched.withConsumer(valid -> {
                    KStream<String, SpecificRecord> out = valid
                            .mapValues(v -> ((Decoded.Valid<R>) v).value(), Named.as(name + "-unwrap"))
                            .process(() -> new ScoringProcessor<>(kind, stores, extractor, eventTime, slot, threshold,
                                    settings.batching(), metrics), Named.as(name + "-score"),
                                    stores.windows(), stores.thresholds(), stores.pending());
                    out.filter((k, v) -> v instanceof ScoredRecord, Named.as(name + "-scored"))
                            .mapValues(v -> (ScoredRecord) v, Named.as(name + "-as-scored"))
                            .to(settings.topics().scores(), Produced.with(Serdes.String(), OutputSerde.scores(settings.sources()))
                                    .withName(name + "-scores"));
                    out.filter((k, v) -> v instanceof AnomalyEvent, Named.as(name + "-anomalous"))
                            .mapValues(v -> (AnomalyEvent) v, Named.as(name + "-as-anomaly"))
                            .to(settings.topics().anomalies(), Produced.with(Serdes.String(), OutputSerde.of(AnomalyEvent.class, settings.sources()))
                                    .withName(name + "-anomalies"));
                }, "valid"));
    }
}
