package io.streamad.detector;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.Channel;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.core.serde.AvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed and awkward input records, each with the rule the README gives for it: the dead-letter reason
 * it must get, or none when the rule is to score it. Good records for the same keys come from
 * {@link #goodReading} and {@link #goodTransaction}; the bad-input tests interleave the two.
 */
public final class BadInput {

    public static final String SENSOR = "pump-1";
    public static final String CARD = "card-1";

    /**
     * One input record.
     *
     * @param reason a fragment of the dead-letter reason it must get, or null when it must be scored
     */
    public record Case(String name, StreamKind kind, byte[] key, byte[] value, long timestamp, String reason) {
    }

    private static final AvroSerde<SensorReading> SENSORS = AvroSerde.of(SensorReading.class);
    private static final AvroSerde<CardTransaction> TRANSACTIONS = AvroSerde.of(CardTransaction.class);

    private BadInput() {
    }

    /** The i-th good reading of {@link #SENSOR} (five minutes apart from {@link TestModels#START}). */
    public static SensorReading goodReading(int i, Random random) {
        return TestModels.normalReading(SENSOR, i, random);
    }

    /** The i-th good transaction of {@link #CARD} (an hour apart from {@link TestModels#START}). */
    public static CardTransaction goodTransaction(int i) {
        return transaction("t-" + i, CARD, 20 + i % 7, TestModels.START.plus(Duration.ofHours(i)));
    }

    public static byte[] encode(SensorReading r) {
        return SENSORS.encode(r);
    }

    public static byte[] encode(CardTransaction t) {
        return TRANSACTIONS.encode(t);
    }

    /** The corpus, every record stamped {@code timestamp} (the Kafka record timestamp). */
    public static List<Case> corpus(Instant timestamp) {
        long ts = timestamp.toEpochMilli();
        byte[] sensorKey = utf8(SENSOR);
        byte[] cardKey = utf8(CARD);
        byte[] reading = encode(goodReading(5, new Random(1)));
        byte[] txn = encode(goodTransaction(5));
        List<Case> cases = new ArrayList<>();
        // bytes that are not a SensorReading
        cases.add(new Case("truncated Avro", StreamKind.SENSOR, sensorKey, Arrays.copyOf(reading, reading.length - 5), ts,
                "malformed SensorReading"));
        cases.add(new Case("header only (every field missing)", StreamKind.SENSOR, sensorKey, Arrays.copyOf(reading, 10), ts,
                "malformed SensorReading"));
        cases.add(new Case("empty value", StreamKind.SENSOR, sensorKey, new byte[0], ts, "SensorReading"));
        cases.add(new Case("tombstone (null value)", StreamKind.SENSOR, sensorKey, null, ts, "null value"));
        cases.add(new Case("not Avro at all", StreamKind.SENSOR, sensorKey, utf8("{\"temp\": 21.5}"), ts, "bad header"));
        cases.add(new Case("a CardTransaction on the sensor topic", StreamKind.SENSOR, sensorKey, txn, ts,
                "unknown writer schema"));
        cases.add(new Case("a SensorReading on the transaction topic", StreamKind.TRANSACTION, cardKey, reading, ts,
                "unknown writer schema"));
        cases.add(new Case("a record of an unrelated schema", StreamKind.SENSOR, sensorKey, unrelatedSchema(), ts,
                "unknown writer schema"));
        cases.add(new Case("wrong types under the right schema id", StreamKind.SENSOR, sensorKey, wrongTypes(reading), ts,
                "malformed SensorReading"));
        cases.add(new Case("huge map length prefix", StreamKind.SENSOR, sensorKey, hugeMapCount(reading), ts,
                "malformed SensorReading"));
        // readings that decode but cannot be featurised
        cases.add(sensor("NaN measurement", SENSOR, Map.of("temp", Double.NaN), 6, ts, "not a finite number"));
        cases.add(sensor("+Infinity measurement", SENSOR, Map.of("temp", Double.POSITIVE_INFINITY), 6, ts, "not a finite number"));
        cases.add(sensor("-Infinity measurement", SENSOR, Map.of("temp", Double.NEGATIVE_INFINITY), 6, ts, "not a finite number"));
        cases.add(sensor("value beyond float range", SENSOR, Map.of("temp", 1e300), 6, ts, "out of range"));
        cases.add(sensor("missing measurement", SENSOR, Map.of("rpm", 1200.0), 6, ts, "missing measurement 'temp'"));
        cases.add(sensor("no measurements", SENSOR, Map.of(), 6, ts, "missing measurement 'temp'"));
        cases.add(new Case("blank sensor id", StreamKind.SENSOR, utf8(" "),
                encode(new SensorReading(" ", TestModels.START, Map.of("temp", 40.0))), ts, "blank sensorId"));
        // keys
        cases.add(new Case("null key", StreamKind.SENSOR, null, reading, ts, "null key"));
        cases.add(new Case("key of another sensor", StreamKind.SENSOR, utf8("pump-2"), reading, ts, "does not match"));
        cases.add(new Case("key not UTF-8", StreamKind.SENSOR, new byte[] {(byte) 0xC3, 0x28}, reading, ts, "not UTF-8"));
        // event times
        cases.add(new Case("far-future event time", StreamKind.SENSOR, sensorKey,
                encode(new SensorReading(SENSOR, Instant.ofEpochMilli(ts).plus(Duration.ofHours(2)), Map.of("temp", 40.0))), ts,
                "ahead of the record timestamp"));
        cases.add(new Case("event time before 1970", StreamKind.SENSOR, sensorKey,
                encode(new SensorReading(SENSOR, Instant.ofEpochMilli(-1), Map.of("temp", 40.0))), ts, "before 1970"));
        cases.add(new Case("out-of-order event time (a day before the key's readings)", StreamKind.SENSOR, sensorKey,
                encode(new SensorReading(SENSOR, TestModels.START.minus(Duration.ofDays(1)), Map.of("temp", 40.0))), ts, null));
        cases.add(new Case("duplicate reading (the same bytes again)", StreamKind.SENSOR, sensorKey, reading, ts, null));
        // transactions
        cases.add(new Case("truncated transaction", StreamKind.TRANSACTION, cardKey, Arrays.copyOf(txn, txn.length / 2), ts,
                "malformed CardTransaction"));
        cases.add(txn("NaN amount", Double.NaN, ts, "not a finite number"));
        cases.add(txn("infinite amount", Double.POSITIVE_INFINITY, ts, "not a finite number"));
        cases.add(txn("huge amount", 1e12, ts, "out of range"));
        cases.add(txn("negative amount", -5, ts, "out of range"));
        cases.add(new Case("blank card id", StreamKind.TRANSACTION, utf8(""),
                encode(transaction("t-blank", "", 10, TestModels.START)), ts, "blank cardId"));
        cases.add(new Case("far-future transaction", StreamKind.TRANSACTION, cardKey,
                encode(transaction("t-future", CARD, 10, Instant.ofEpochMilli(ts).plus(Duration.ofDays(400)))), ts,
                "ahead of the record timestamp"));
        cases.add(new Case("out-of-order transaction", StreamKind.TRANSACTION, cardKey,
                encode(transaction("t-late", CARD, 10, TestModels.START.minus(Duration.ofDays(2)))), ts, null));
        cases.add(new Case("duplicate transaction id", StreamKind.TRANSACTION, cardKey, txn, ts, null));
        return cases;
    }

    private static Case sensor(String name, String id, Map<String, Double> values, int i, long ts, String reason) {
        SensorReading r = new SensorReading(id, TestModels.reading(id, i, 0).getEventTime(), values);
        return new Case(name, StreamKind.SENSOR, utf8(id), encode(r), ts, reason);
    }

    private static Case txn(String name, double amount, long ts, String reason) {
        return new Case(name, StreamKind.TRANSACTION, utf8(CARD), encode(transaction("t-" + name, CARD, amount,
                TestModels.START)), ts, reason);
    }

    private static CardTransaction transaction(String id, String card, double amount, Instant at) {
        return new CardTransaction(id, card, "acct-1", "grocer", "5411", amount, "EUR", at, Channel.POS, "DE", null, true);
    }

    /** A record of a schema the detector has never seen, in the same single-object encoding. */
    private static byte[] unrelatedSchema() {
        Schema schema = SchemaBuilder.record("Invoice").namespace("com.example").fields()
                .requiredString("number").requiredDouble("total").endRecord();
        GenericRecord invoice = new GenericData.Record(schema);
        invoice.put("number", "INV-1");
        invoice.put("total", 99.5);
        try {
            return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(invoice).array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SensorReading's header over a body whose sensorId is a double and whose eventTime is a string. */
    private static byte[] wrongTypes(byte[] reading) {
        byte[] body = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                0x06, 'a', 'b', 'c'};
        byte[] out = Arrays.copyOf(reading, 10 + body.length);
        System.arraycopy(body, 0, out, 10, body.length);
        return out;
    }

    /** A reading whose map claims 2^40 entries. */
    private static byte[] hugeMapCount(byte[] reading) {
        SensorReading r = SENSORS.decode(reading);
        int countAt = 10 + encodedStringLength(r.getSensorId()) + varintLength(zigzag(r.getEventTime().toEpochMilli()));
        byte[] count = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        byte[] out = new byte[reading.length - 1 + count.length];
        System.arraycopy(reading, 0, out, 0, countAt);
        System.arraycopy(count, 0, out, countAt, count.length);
        System.arraycopy(reading, countAt + 1, out, countAt + count.length, reading.length - countAt - 1);
        return out;
    }

    private static int encodedStringLength(String s) {
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        return varintLength(zigzag(bytes)) + bytes;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int varintLength(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
