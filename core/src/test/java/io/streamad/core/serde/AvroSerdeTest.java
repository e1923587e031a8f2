package io.streamad.core.serde;

import io.streamad.avro.CardTransaction;
import io.streamad.avro.Channel;
import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SensorReading;
import io.streamad.avro.Verdict;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSerdeTest {

    private final AvroSerde<SensorReading> sensors = AvroSerde.of(SensorReading.class);
    private final SensorReading reading = new SensorReading("s1", Instant.ofEpochMilli(1234), Map.of("temp", 21.5));

    @Test
    void shouldRoundTripAReading() {
        SensorReading back = sensors.decode(sensors.encode(reading));
        assertThat(back.getSensorId()).isEqualTo("s1");
        assertThat(back.getEventTime()).isEqualTo(Instant.ofEpochMilli(1234));
        assertThat(back.getMeasurements()).containsEntry("temp", 21.5);
    }

    @Test
    void shouldReadAScoredRecordThatTheFirstReleaseWrote() throws Exception {
        Schema first;
        try (var in = getClass().getResourceAsStream("/contracts/ScoredRecord-first-release.avsc")) {
            first = new Schema.Parser().parse(in);
        }
        GenericData.Record source = new GenericData.Record(first.getField("source").schema());
        source.put("topic", "sensors");
        source.put("partition", 2);
        source.put("offset", 77L);
        GenericData.Record old = new GenericData.Record(first);
        old.put("key", "pump-1");
        old.put("kind", new GenericData.EnumSymbol(first.getField("kind").schema(), "SENSOR"));
        old.put("source", source);
        old.put("eventTime", 1_700_000_000_000L);
        old.put("score", 0.5);
        old.put("threshold", 0.25);
        old.put("verdict", new GenericData.EnumSymbol(first.getField("verdict").schema(), "ANOMALY"));
        old.put("modelVersion", "sensor-1");
        old.put("featureSchema", "sensor:abc");
        old.put("features", List.of(1.5f, -2f));
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), first).encode(old).array();

        ScoredRecord back = AvroSerde.ofOutput(ScoredRecord.class).decode(bytes);

        assertThat(back.getKey()).isEqualTo("pump-1");
        assertThat(back.getSource().getOffset()).isEqualTo(77L);
        assertThat(back.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(back.getVerdict()).isEqualTo(Verdict.ANOMALY);
        assertThat(back.getFeatures()).containsExactly(1.5f, -2f);
        assertThat(back.getOutOfRange()).as("added later, with its default").isFalse();
    }

    @Test
    void shouldListOnlyFieldsTheContractsHave() {
        AvroSerde.ADDED_FIELDS.forEach((name, fields) -> {
            Schema schema = name.endsWith("ScoredRecord") ? ScoredRecord.getClassSchema() : AnomalyEvent.getClassSchema();
            assertThat(schema.getFullName()).isEqualTo(name);
            assertThat(AvroSerde.earlierSchemas(schema)).hasSize(fields.size())
                    .allSatisfy(s -> assertThat(s.getFields()).hasSizeLessThan(schema.getFields().size()));
        });
    }

    @Test
    void shouldSayWhyBytesAreNotAReading() {
        byte[] good = sensors.encode(reading);

        assertThatThrownBy(() -> sensors.decode(Arrays.copyOf(good, good.length - 4)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("malformed SensorReading");
        assertThatThrownBy(() -> sensors.decode("hello".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("bad header");
        assertThatThrownBy(() -> sensors.decode(null))
                .isInstanceOf(SerializationException.class).hasMessageContaining("null value");
    }

    @Test
    void shouldRefuseARecordOfAnotherSchema() {
        AvroSerde<CardTransaction> txns = AvroSerde.of(CardTransaction.class);
        byte[] txn = txns.encode(new CardTransaction("t", "c", "a", "m", "5411", 1.0, "EUR", Instant.EPOCH,
                Channel.POS, "DE", null, true));

        assertThatThrownBy(() -> sensors.decode(txn))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown writer schema");
    }

    @Test
    void shouldRefuseACollectionCountBeyondJavasLimitAsMalformed() {
        byte[] good = sensors.encode(reading);
        // header (10 bytes), sensorId "s1" (3), eventTime 1234 (2), then the map's item count: 2^40 as a zig-zag varint
        int countAt = 10 + 3 + 2;
        byte[] count = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40};
        byte[] corrupt = new byte[good.length - 1 + count.length];
        System.arraycopy(good, 0, corrupt, 0, countAt);
        System.arraycopy(count, 0, corrupt, countAt, count.length);
        System.arraycopy(good, countAt + 1, corrupt, countAt + count.length, good.length - countAt - 1);

        assertThatThrownBy(() -> sensors.decode(corrupt))
                .isInstanceOf(SerializationException.class).hasMessageContaining("malformed SensorReading");
    }

    @Test
    void shouldReadTheRegistryWireFormatOnlyWhereOutputsAreRead() throws Exception {
        SensorReading reading = new SensorReading("pump-1", Instant.parse("2026-01-01T00:00:00Z"), Map.of("temp", 41.5));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, 0, 0, 0, 42});
        org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<SensorReading>(SensorReading.class).write(reading, encoder);
        encoder.flush();
        byte[] framed = out.toByteArray();

        assertThat(AvroSerde.ofOutput(SensorReading.class).decode(framed)).isEqualTo(reading);
        assertThat(AvroSerde.ofOutput(SensorReading.class).decode(AvroSerde.of(SensorReading.class).encode(reading))).isEqualTo(reading);
        assertThatThrownBy(() -> AvroSerde.of(SensorReading.class).decode(framed)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("bad header");
        assertThatThrownBy(() -> AvroSerde.ofOutput(SensorReading.class).decode(Arrays.copyOf(framed, framed.length + 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("bytes left after the record");
    }
}
