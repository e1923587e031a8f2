package io.streamad.detector.source;

import io.streamad.avro.SensorReading;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one record of a source topic into a {@link SensorReading}, or says why it cannot. Subclasses parse
 * the value and navigate a path in it; reading the key, the time and the measurements is shared.
 *
 * @param <T> the parsed value (a JSON tree, an Avro record)
 */
public abstract class RecordMapper<T> implements AutoCloseable {

    private final SourceMapping mapping;

    protected RecordMapper(SourceMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * The mapper for a source's format.
     *
     * @param registry Apicurio serde settings ({@code apicurio.registry.url}, ...) for {@link SourceFormat#REGISTRY_AVRO}
     */
    public static RecordMapper<?> of(SourceMapping mapping, Map<String, Object> registry) {
        return switch (mapping.format()) {
            case JSON -> new JsonMapper(mapping);
            case AVRO -> new AvroMapper(mapping);
            case REGISTRY_AVRO -> new RegistryAvroMapper(mapping, registry);
        };
    }

    /** Releases what the mapper holds (a registry client); nothing by default. */
    @Override
    public void close() {
    }

    public SourceMapping mapping() {
        return mapping;
    }

    /** Parses a value; throws {@link MappingException} when it is not of the source's format. */
    protected abstract T parse(String topic, byte[] value);

    /** The value at {@code path}: a {@link Number}, {@link CharSequence}, {@link Boolean}, {@link Instant}, or null when absent. */
    protected abstract Object read(T value, String path);

    /**
     * @param timestamp the Kafka record timestamp, the event time when the source names no time field
     * @throws MappingException with the reason, when the record cannot be used
     */
    public SensorReading map(String topic, byte[] key, byte[] value, long timestamp) {
        if (value == null) {
            throw new MappingException("null value");
        }
        T parsed = parse(topic, value);
        String id = mapping.keyField() == null ? utf8Key(key) : text(parsed, mapping.keyField());
        Instant time = mapping.timeField() == null ? Instant.ofEpochMilli(timestamp) : time(parsed, mapping.timeField());
        Map<String, Double> measurements = new LinkedHashMap<>();
        mapping.measurements().forEach((name, path) -> measurements.put(name, number(parsed, path)));
        return new SensorReading(id, time, measurements);
    }

    private static String utf8Key(byte[] key) {
        if (key == null) {
            throw new MappingException("null record key and no key-field configured");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw new MappingException("record key is not UTF-8 and no key-field configured");
        }
    }

    private String text(T parsed, String path) {
        Object v = present(parsed, path);
        if (v instanceof CharSequence || v instanceof Number) {
            String s = v.toString();
            if (!s.isBlank()) {
                return s;
            }
        }
        throw new MappingException("field '" + path + "' is not a usable id: " + v);
    }

    private double number(T parsed, String path) {
        Object v = present(parsed, path);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof CharSequence s) {
            try {
                return Double.parseDouble(s.toString().trim());
            } catch (NumberFormatException e) {
                throw new MappingException("field '" + path + "' is not a number: '" + s + "'");
            }
        }
        throw new MappingException("field '" + path + "' is not a number: " + v);
    }

    private Instant time(T parsed, String path) {
        Object v = present(parsed, path);
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof Number n) {
            return epoch(n.longValue());
        }
        if (v instanceof CharSequence s) {
            String text = s.toString().trim();
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException notInstant) {
                    try {
                        return epoch(Long.parseLong(text));
                    } catch (NumberFormatException notEpoch) {
                        throw new MappingException("field '" + path + "' is not an ISO-8601 time or an epoch number: '" + text + "'");
                    }
                }
            }
        }
        throw new MappingException("field '" + path + "' is not a time: " + v);
    }

    private Instant epoch(long value) {
        return Instant.ofEpochMilli(mapping.timeUnit().toMillis(value));
    }

    private Object present(T parsed, String path) {
        Object v = read(parsed, path);
        if (v == null) {
            throw new MappingException("field '" + path + "' is missing");
        }
        return v;
    }
}
