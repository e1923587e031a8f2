package io.streamad.detector.source;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads Avro records in the Schema Registry wire format (magic byte 0, a 4-byte schema id, the Avro
 * binary) with Apicurio's Kafka deserializer, which fetches each writer schema by id from the registry
 * (any registry with Apicurio's API; its ids are those of the Confluent-compatible API) and caches it.
 */
final class RegistryAvroMapper extends AvroMapper {

    private final AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>();

    RegistryAvroMapper(SourceMapping mapping, Map<String, Object> registry) {
        super(mapping);
        Map<String, Object> config = new HashMap<>(registry);
        // the Confluent framing: the id in the value, 4 bytes, the content id the ccompat API hands out
        config.putIfAbsent("apicurio.registry.headers.enabled", "false");
        config.putIfAbsent("apicurio.registry.use-id", "contentId");
        deserializer.configure(config, false);
    }

    @Override
    protected GenericRecord parse(String topic, byte[] value) {
        if (value.length < 5 || value[0] != 0) {
            throw new MappingException("not in the Schema Registry wire format (magic byte 0 and a 4-byte schema id)");
        }
        Object record;
        try {
            record = deserializer.deserialize(topic, value);
        } catch (SerializationException e) {
            throw new MappingException("cannot read a registry-framed Avro record: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MappingException("cannot read a registry-framed Avro record (schema id "
                    + ByteBuffer.wrap(value, 1, 4).getInt() + "): " + registryAnswer(e), e);
        }
        if (!(record instanceof GenericRecord r)) {
            throw new MappingException("the registry schema is not an Avro record: " + record);
        }
        return r;
    }

    /** What the registry said (status and detail), or the exception when the failure was not the registry's answer. */
    private static String registryAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemDetails p) {
                String detail = p.getDetail() != null ? p.getDetail() : p.getTitle() != null ? p.getTitle() : p.getName();
                return "the registry answered " + (p.getStatus() != null ? p.getStatus() : p.getResponseStatusCode())
                        + (detail == null ? "" : ": " + detail);
            }
            if (t instanceof ApiException a) {
                return "the registry answered " + a.getResponseStatusCode();
            }
        }
        return failure.toString();
    }

    @Override
    public void close() {
        deserializer.close();
    }
}
