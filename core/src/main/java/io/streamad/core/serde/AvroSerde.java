package io.streamad.core.serde;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Kafka serde for an Avro-generated class, in Avro's single-object encoding: a two-byte marker,
 * the writer schema's 64-bit fingerprint, then the binary body. Decoding failures, whatever the bytes,
 * raise a {@link SerializationException} whose message says what is wrong with them.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private static final String TRUSTED_PACKAGE = "io.streamad.avro.";

    private static final AtomicBoolean TRUSTED = new AtomicBoolean();

    static {
        trustContract();
    }

    /**
     * Avro refuses to instantiate classes it has not been told to trust; ours are the generated contract.
     * Runs once per JVM; any reader of the contract classes outside this serde (an Avro data file) calls it.
     */
    public static void trustContract() {
        if (TRUSTED.compareAndSet(false, true)) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith(TRUSTED_PACKAGE)));
        }
    }

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroSerde(Schema schema) {
        this.schema = schema;
        SpecificData model = new SpecificData(AvroSerde.class.getClassLoader());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(SpecificData.get().getSchema(type));
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T value) {
        try {
            return encoder.encode(value).array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getFullName(), e);
        }
    }

    /** Decodes one message or throws a {@link SerializationException} saying why it cannot. */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("null value, expected a " + schema.getName());
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new SerializationException("not an Avro single-object message (bad header) for " + schema.getName(), e);
        } catch (MissingSchemaException e) {
            throw new SerializationException("unknown writer schema for " + schema.getName() + ": " + e.getMessage(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new SerializationException("malformed " + schema.getName() + " (" + bytes.length + " bytes): " + e, e);
        } catch (RuntimeException e) {
            // Corrupt bytes reach Avro code paths that throw other unchecked exceptions (an item count beyond
            // Java's array limit raises UnsupportedOperationException); they say no more than "malformed".
            throw new SerializationException("malformed " + schema.getName() + " (" + bytes.length + " bytes): " + e, e);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // the schema is fixed by the generated class
    }

    @Override
    public void close() {
        // nothing to release
    }
}
