package io.streamad.detector.topology;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.streamad.avro.ScoredRecord;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.source.Sources;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.HashMap;
import java.util.Map;

/**
 * How the detector writes its outputs: Avro single-object messages, or, with a registry and
 * {@code streamad.registry.frame-outputs}, the Schema Registry wire format through Apicurio's serializer,
 * which registers the contract's schema as {@code <topic>-value} and puts its id in each message. The
 * detector's own readers ({@link AvroSerde#ofOutput}) read both.
 */
final class OutputSerde {

    private OutputSerde() {
    }

    static <T extends SpecificRecord> Serde<T> of(Class<T> type, Sources sources) {
        if (!sources.frameOutputs()) {
            return AvroSerde.of(type);
        }
        return framed(type, sources);
    }

    /** Scored records, one per input record, in single-object encoding written field by field: the hot output. */
    static Serde<ScoredRecord> scores(Sources sources) {
        if (!sources.frameOutputs()) {
            return Serdes.serdeFrom(new ScoredRecordSerializer(), AvroSerde.of(ScoredRecord.class));
        }
        return framed(ScoredRecord.class, sources);
    }

    private static <T extends SpecificRecord> Serde<T> framed(Class<T> type, Sources sources) {
        Map<String, Object> config = new HashMap<>(sources.registry());
        config.putIfAbsent("apicurio.registry.auto-register", "true");
        config.putIfAbsent("apicurio.registry.headers.enabled", "false");
        config.putIfAbsent("apicurio.registry.use-id", "contentId");
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return Serdes.serdeFrom(serializer, AvroSerde.ofOutput(type));
    }
}
