package io.streamad.detector.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import io.streamad.detector.source.SourceFormat;
import io.streamad.detector.source.SourceMapping;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamad.sources.<name>.*}: an existing topic the detector reads as sensor readings, mapped by
 * configuration (see the README, "Any topic as input"). For example:
 * <pre>
 * streamad.sources.plant:
 *   topic: plant-telemetry
 *   format: json
 *   key-field: device.id
 *   time-field: ts
 *   fields: {value: payload.temperature}
 * </pre>
 */
@EachProperty("streamad.sources")
public final class SourceSettings {

    private final String name;
    private String topic;
    private String format = "json";
    private Path schemaFile;
    private String keyField;
    private String timeField;
    private String timeUnit = "milliseconds";
    private Map<String, String> fields = Map.of();

    public SourceSettings(@Parameter String name) {
        this.name = name;
    }

    /** The topic to read. */
    public void setTopic(String topic) {
        this.topic = topic;
    }

    /** {@code json}, {@code avro} (plain binary with {@code schema-file}) or {@code registry-avro}. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** The writer schema ({@code .avsc}) of an {@code avro} source. */
    public void setSchemaFile(Path schemaFile) {
        this.schemaFile = schemaFile;
    }

    /** Dotted path of the sensor id; unset: the record key. */
    public void setKeyField(String keyField) {
        this.keyField = keyField;
    }

    /** Dotted path of the event time (epoch number or ISO-8601 text); unset: the record timestamp. */
    public void setTimeField(String timeField) {
        this.timeField = timeField;
    }

    /** Unit of a numeric event time: {@code milliseconds} (default), {@code seconds} or {@code microseconds}. */
    public void setTimeUnit(String timeUnit) {
        this.timeUnit = timeUnit;
    }

    /** Measurement name (one of {@code streamad.sensors.measurements}) to the dotted path of its field. */
    @Bindable
    public void setFields(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The validated mapping; a bad setting fails here, naming its key. */
    public SourceMapping mapping() {
        SourceFormat parsedFormat;
        try {
            parsedFormat = SourceFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SourceMapping.key(name, "format") + " = " + format
                    + ": must be json, avro or registry-avro");
        }
        TimeUnit unit;
        try {
            unit = TimeUnit.valueOf(timeUnit.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SourceMapping.key(name, "time-unit") + " = " + timeUnit
                    + ": must be milliseconds, seconds or microseconds");
        }
        return new SourceMapping(name, topic, parsedFormat, schema(), blankToNull(keyField), blankToNull(timeField), unit, fields);
    }

    private Schema schema() {
        if (schemaFile == null) {
            return null;
        }
        try {
            return new Schema.Parser().parse(schemaFile.toFile());
        } catch (IOException | SchemaParseException e) {
            throw new IllegalArgumentException(SourceMapping.key(name, "schema-file") + " = " + schemaFile + ": " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
