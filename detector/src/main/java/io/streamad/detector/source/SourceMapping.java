package io.streamad.detector.source;

import org.apache.avro.Schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How one existing topic feeds the sensor family: where the key, the event time and each measurement
 * are in its records. Paths are dotted field names into nested objects ({@code payload.temperature}).
 *
 * @param name         the source's name (its configuration key {@code streamad.sources.<name>})
 * @param topic        the topic to read
 * @param format       how values are written
 * @param schema       the writer schema for {@link SourceFormat#AVRO}, else null
 * @param keyField     path of the key (a sensor id); null: the record key, as UTF-8
 * @param timeField    path of the event time (epoch number in {@code timeUnit}, or ISO-8601 text); null: the record timestamp
 * @param timeUnit     unit of a numeric event time
 * @param measurements measurement name (as in {@code streamad.sensors.measurements}) to its path, in order
 */
public record SourceMapping(String name, String topic, SourceFormat format, Schema schema, String keyField,
                            String timeField, TimeUnit timeUnit, Map<String, String> measurements) {

    public SourceMapping {
        Objects.requireNonNull(name, "name");
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(key(name, "topic") + " is required");
        }
        Objects.requireNonNull(format, key(name, "format"));
        if (format == SourceFormat.AVRO && schema == null) {
            throw new IllegalArgumentException(key(name, "schema-file") + " is required with format avro");
        }
        if (measurements == null || measurements.isEmpty()) {
            throw new IllegalArgumentException(key(name, "fields") + " must map at least one measurement to a field");
        }
        measurements = new LinkedHashMap<>(measurements);
    }

    /** The configuration key of one of this source's settings, for messages. */
    public static String key(String source, String setting) {
        return "streamad.sources." + source + "." + setting;
    }

    /** Refuses a mapping that does not give every measurement the sensor model expects. */
    public void requireMeasurements(List<String> expected) {
        List<String> missing = expected.stream().filter(m -> !measurements.containsKey(m)).toList();
        List<String> unknown = measurements.keySet().stream().filter(m -> !expected.contains(m)).toList();
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(key(name, "fields") + " must map exactly streamad.sensors.measurements "
                    + expected + (missing.isEmpty() ? "" : "; missing " + missing) + (unknown.isEmpty() ? "" : "; not measurements " + unknown));
        }
    }
}
