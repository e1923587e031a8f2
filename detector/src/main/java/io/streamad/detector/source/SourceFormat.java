package io.streamad.detector.source;

import java.util.Locale;

/** How a source topic's values are written. */
public enum SourceFormat {
    /** A JSON object (UTF-8). */
    JSON,
    /** Avro binary, written with the schema in {@code schema-file} (no framing). */
    AVRO,
    /** Avro behind the Schema Registry wire format: magic byte 0, a 4-byte schema id, the Avro binary. */
    REGISTRY_AVRO;

    /** Reads {@code json}, {@code avro} or {@code registry-avro}. */
    public static SourceFormat parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
