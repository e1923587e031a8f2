package io.streamad.detector.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A record the detector could not use: its original key and value bytes, unchanged, so nothing is
 * lost and it can be replayed once fixed. Why and where from travel as headers, named like Kafka
 * Connect's dead-letter headers.
 */
public final class DeadLetters {

    public static final String REASON = "__dlq.reason";
    public static final String TOPIC = "__dlq.topic";
    public static final String PARTITION = "__dlq.partition";
    public static final String OFFSET = "__dlq.offset";
    public static final String EXCEPTION = "__dlq.exception";

    private DeadLetters() {
    }

    /** The original headers plus the reason and origin of the rejection. */
    static Headers headers(Headers original, String reason, Optional<RecordMetadata> origin, Throwable cause) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.add(REASON, utf8(reason));
        origin.ifPresent(m -> {
            headers.add(TOPIC, utf8(m.topic()));
            headers.add(PARTITION, utf8(Integer.toString(m.partition())));
            headers.add(OFFSET, utf8(Long.toString(m.offset())));
        });
        if (cause != null) {
            headers.add(EXCEPTION, utf8(cause.getClass().getName()));
        }
        return headers;
    }

    /** Reads a header written by this class, or null. */
    public static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
