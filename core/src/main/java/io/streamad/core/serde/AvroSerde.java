package io.streamad.core.serde;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Kafka serde for an Avro-generated class, in Avro's single-object encoding: a two-byte marker,
 * the writer schema's 64-bit fingerprint, then the binary body. Decoding failures, whatever the bytes,
 * raise a {@link SerializationException} whose message says what is wrong with them. A serde made by
 * {@link #ofOutput} also reads the Schema Registry wire format (magic byte 0, a 4-byte schema id, the body),
 * in which the detector writes its outputs when a registry is configured.
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

    /**
     * Fields added to a contract since its first release, oldest first, each with a default. The schema without the
     * last n of them is what an earlier detector wrote: registered as a known writer schema, its records still decode
     * (the added fields take their defaults) after an upgrade, instead of failing as of an unknown schema. A field
     * added to a contract is appended here.
     */
    static final Map<String, List<String>> ADDED_FIELDS = Map.of(
            "io.streamad.avro.ScoredRecord", List.of("outOfRange", "stuck"),
            "io.streamad.avro.AnomalyEvent", List.of("outOfRange", "stuck"));

    private static final byte REGISTRY_MAGIC = 0;
    private static final int REGISTRY_HEADER = 5;

    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final SpecificDatumReader<T> framedReader;

    private AvroSerde(Schema schema, boolean readsRegistryFraming) {
        this.schema = schema;
        SpecificData model = new SpecificData(AvroSerde.class.getClassLoader());
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        earlierSchemas(schema).forEach(decoder::addSchema);
        this.framedReader = readsRegistryFraming ? new SpecificDatumReader<>(schema, schema, model) : null;
    }

    /** The schemas earlier releases wrote for this contract, newest first (none for a contract never extended). */
    static List<Schema> earlierSchemas(Schema schema) {
        List<String> added = ADDED_FIELDS.getOrDefault(schema.getFullName(), List.of());
        List<Schema> earlier = new ArrayList<>();
        for (int keep = added.size() - 1; keep >= 0; keep--) {
            Set<String> dropped = Set.copyOf(added.subList(keep, added.size()));
            List<Schema.Field> fields = new ArrayList<>();
            for (Schema.Field f : schema.getFields()) {
                if (!dropped.contains(f.name())) {
                    fields.add(new Schema.Field(f, f.schema()));
                }
            }
            if (fields.size() != schema.getFields().size() - dropped.size()) {
                throw new IllegalStateException(schema.getFullName() + " lacks a field listed as added: " + dropped);
            }
            earlier.add(Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields));
        }
        return earlier;
    }

    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(SpecificData.get().getSchema(type), false);
    }

    /**
     * For the detector's own outputs: reads single-object messages and registry-framed ones. The body of a
     * framed message is read with this class's schema, not looked up by its id: the detector wrote it with
     * this contract, so only the detector's own topics may be read this way.
     */
    public static <T extends SpecificRecord> AvroSerde<T> ofOutput(Class<T> type) {
        return new AvroSerde<>(SpecificData.get().getSchema(type), true);
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
            if (framedReader != null && bytes.length >= REGISTRY_HEADER && bytes[0] == REGISTRY_MAGIC) {
                return decodeFramed(bytes);
            }
            return decoder.decode(bytes);
        } catch (SerializationException e) {
            throw e;
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

    private T decodeFramed(byte[] bytes) throws IOException {
        BinaryDecoder body = DecoderFactory.get().binaryDecoder(bytes, REGISTRY_HEADER, bytes.length - REGISTRY_HEADER, null);
        T value = framedReader.read(null, body);
        if (!body.isEnd()) {
            throw new SerializationException("malformed registry-framed " + schema.getName() + ": bytes left after the record");
        }
        return value;
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
