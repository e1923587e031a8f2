package io.streamad.detector.topology;

import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SourceOffset;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.serialization.Serializer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link ScoredRecord}s, one per input record, in Avro's single-object encoding, the same bytes as the
 * schema-driven writer ({@code AvroSerde}) produces, field by field in the contract's order. It sizes the record
 * first and writes it straight into the array Kafka gets: no intermediate buffer, no copy, no per-thread state, and the
 * features read from the row's array when they come as a {@link FloatList}. Avro's schema-driven writer (its per-field
 * dispatch, boxed floats, a fresh buffer per record) took about a seventh of the detector's stream thread in the
 * benchmark, Avro's buffered encoder over a reused buffer still a tenth (docs/performance.md). Avro generates no such
 * coder for the class because its event time is a logical type. {@code ScoredRecordSerializerTest} holds the two
 * writers to the same bytes for every field; a change to {@code ScoredRecord.avsc} fails it until this class follows.
 */
final class ScoredRecordSerializer implements Serializer<ScoredRecord> {

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Avro's single-object marker followed by the schema's 64-bit parsing fingerprint, little-endian. */
    private final byte[] header = new byte[10];

    /** The UTF-8 of the strings that repeat from record to record. */
    private final LastUtf8 topic = new LastUtf8();
    private final LastUtf8 modelVersion = new LastUtf8();
    private final LastUtf8 featureSchema = new LastUtf8();

    ScoredRecordSerializer() {
        header[0] = (byte) 0xC3;
        header[1] = (byte) 0x01;
        LONG_LE.set(header, 2, SchemaNormalization.parsingFingerprint64(ScoredRecord.getClassSchema()));
    }

    @Override
    public byte[] serialize(String topicName, ScoredRecord r) {
        if (r == null) {
            return null;
        }
        byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
        SourceOffset source = r.getSource();
        byte[] sourceTopic = topic.of(source.getTopic());
        byte[] version = r.getModelVersion() == null ? null : modelVersion.of(r.getModelVersion());
        byte[] schema = featureSchema.of(r.getFeatureSchema());
        List<Float> features = r.getFeatures();
        int n = features.size();
        long eventTime = r.getEventTime().toEpochMilli();

        int size = header.length + stringSize(key) + varintSize(r.getKind().ordinal()) + stringSize(sourceTopic)
                + varintSize(source.getPartition()) + varintSize(source.getOffset()) + varintSize(eventTime)
                + 8 + 8 + varintSize(r.getVerdict().ordinal()) + 1 + 1
                + (version == null ? 1 : 1 + stringSize(version)) + stringSize(schema)
                + (n == 0 ? 1 : varintSize(n) + 4 * n + 1);
        byte[] out = new byte[size];
        System.arraycopy(header, 0, out, 0, header.length);
        int at = header.length;
        at = putString(out, at, key);
        at = putVarint(out, at, r.getKind().ordinal());
        at = putString(out, at, sourceTopic);
        at = putVarint(out, at, source.getPartition());
        at = putVarint(out, at, source.getOffset());
        at = putVarint(out, at, eventTime);
        LONG_LE.set(out, at, Double.doubleToRawLongBits(r.getScore()));
        at += 8;
        LONG_LE.set(out, at, Double.doubleToRawLongBits(r.getThreshold()));
        at += 8;
        at = putVarint(out, at, r.getVerdict().ordinal());
        out[at++] = (byte) (r.getOutOfRange() ? 1 : 0);
        out[at++] = (byte) (r.getStuck() ? 1 : 0);
        if (version == null) {
            at = putVarint(out, at, 0);
        } else {
            at = putVarint(out, at, 1);
            at = putString(out, at, version);
        }
        at = putString(out, at, schema);
        if (n > 0) {
            // an array is written as one block: its item count, the items, then an empty block
            at = putVarint(out, at, n);
            if (features instanceof FloatList floats) {
                for (int i = 0; i < n; i++, at += 4) {
                    INT_LE.set(out, at, Float.floatToRawIntBits(floats.getFloat(i)));
                }
            } else {
                for (Float f : features) {
                    INT_LE.set(out, at, Float.floatToRawIntBits(f));
                    at += 4;
                }
            }
        }
        out[at++] = 0;
        if (at != size) {
            throw new IllegalStateException("scored record written in " + at + " bytes, sized " + size);
        }
        return out;
    }

    /** Bytes of an Avro int or long: zig-zag, then seven bits a byte. */
    static int varintSize(long value) {
        long z = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((z & ~0x7FL) != 0) {
            z >>>= 7;
            bytes++;
        }
        return bytes;
    }

    private static int putVarint(byte[] out, int at, long value) {
        long z = (value << 1) ^ (value >> 63);
        while ((z & ~0x7FL) != 0) {
            out[at++] = (byte) ((z & 0x7F) | 0x80);
            z >>>= 7;
        }
        out[at++] = (byte) z;
        return at;
    }

    private static int stringSize(byte[] utf8) {
        return varintSize(utf8.length) + utf8.length;
    }

    private static int putString(byte[] out, int at, byte[] utf8) {
        at = putVarint(out, at, utf8.length);
        System.arraycopy(utf8, 0, out, at, utf8.length);
        return at + utf8.length;
    }

    /** The UTF-8 bytes of the last string it was asked for; Kafka Streams shares one serializer among its threads. */
    private static final class LastUtf8 {

        private record Encoded(String text, byte[] utf8) {
        }

        private volatile Encoded last = new Encoded("", new byte[0]);

        byte[] of(String s) {
            Encoded e = last;
            if (!e.text().equals(s)) {
                e = new Encoded(s, s.getBytes(StandardCharsets.UTF_8));
                last = e;
            }
            return e.utf8();
        }
    }
}
