package io.streamad.detector.topology;

import io.streamad.core.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Decodes an input record's Avro bytes and checks it: the value must decode, pass the feature
 * extractor's validation, its id must equal the record key (per-key state is only right when
 * every record of a key lands in the same partition), and its event time must lie between 1970 and
 * {@code maxFutureSkew} past the Kafka record timestamp (a far-future reading would pin its key's time
 * decay in the future). A record that fails goes on unchanged as {@link Decoded.Invalid}, with the
 * reason and origin in its headers; the stream goes on, whatever the bytes were.
 */
final class DecodeProcessor<R extends SpecificRecord> implements Processor<byte[], byte[], String, Decoded<R>> {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeProcessor.class);

    private final String kind;
    private final AvroSerde<R> serde;
    private final Function<R, Optional<String>> validation;
    private final Function<R, String> id;
    private final ToLongFunction<R> eventTime;
    private final long maxFutureSkewMs;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, Decoded<R>> context;
    private long rejected;

    DecodeProcessor(String kind, AvroSerde<R> serde, Function<R, Optional<String>> validation, Function<R, String> id,
                    ToLongFunction<R> eventTime, Duration maxFutureSkew, DetectorMetrics metrics) {
        this.kind = kind;
        this.serde = serde;
        this.validation = validation;
        this.id = id;
        this.eventTime = eventTime;
        this.maxFutureSkewMs = maxFutureSkew.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Decoded<R>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        R value;
        Optional<String> problem;
        try {
            value = serde.decode(record.value());
            problem = validation.apply(value);
        } catch (SerializationException e) {
            reject(record, "decode", e.getMessage(), e);
            return;
        } catch (RuntimeException e) {
            // Whatever the bytes were, they are the record's problem: the stream thread must not die of them.
            reject(record, "decode", "cannot read the record: " + e, e);
            return;
        }
        if (problem.isPresent()) {
            reject(record, "invalid", problem.get(), null);
            return;
        }
        String key = utf8(record.key());
        String expected = id.apply(value);
        if (key == null) {
            reject(record, "key", record.key() == null ? "null key, expected '" + expected + "'" : "key is not UTF-8", null);
            return;
        }
        if (!key.equals(expected)) {
            reject(record, "key", "key '" + key + "' does not match the record's id '" + expected + "'", null);
            return;
        }
        Optional<String> late = eventTimeProblem(eventTime.applyAsLong(value), record.timestamp());
        if (late.isPresent()) {
            reject(record, "event-time", late.get(), null);
            return;
        }
        context.forward(record.withKey(key).withValue(new Decoded.Valid<>(value)));
    }

    /** Why the event time cannot be used, or empty; out-of-order event times are fine (the features clamp time gaps at 0). */
    private Optional<String> eventTimeProblem(long eventTimeMs, long recordTimestampMs) {
        if (eventTimeMs < 0) {
            return Optional.of("event time " + Instant.ofEpochMilli(eventTimeMs) + " is before 1970");
        }
        if (eventTimeMs - recordTimestampMs > maxFutureSkewMs) {
            return Optional.of("event time " + Instant.ofEpochMilli(eventTimeMs) + " is "
                    + Duration.ofMillis(eventTimeMs - recordTimestampMs) + " ahead of the record timestamp "
                    + Instant.ofEpochMilli(recordTimestampMs) + " (streamad.input.max-future-skew is "
                    + Duration.ofMillis(maxFutureSkewMs) + ")");
        }
        return Optional.empty();
    }

    private void reject(Record<byte[], byte[]> record, String category, String reason, Throwable cause) {
        var origin = context.recordMetadata();
        rejected++;
        if (rejected <= 10 || rejected % 1000 == 0) {
            LOG.warn("Skipping {} record {}-{}@{} to the dead-letter topic ({} so far): {}", kind,
                    origin.map(m -> m.topic()).orElse("?"), origin.map(m -> m.partition()).orElse(-1),
                    origin.map(m -> m.offset()).orElse(-1L), rejected, reason);
        }
        metrics.deadLetter(kind, category);
        context.forward(new Record<String, Decoded<R>>(null, new Decoded.Invalid<>(record.key(), record.value()),
                record.timestamp(), DeadLetters.headers(record.headers(), reason, origin, cause)));
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
