package io.streamad.detector.source;

import io.streamad.avro.SensorReading;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMapperTest {

    private static final long TIMESTAMP = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    private static SourceMapping json(String keyField, String timeField, TimeUnit unit) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("temp", "payload.temperature");
        fields.put("rpm", "payload.rpm");
        return new SourceMapping("plant", "plant-telemetry", SourceFormat.JSON, null, keyField, timeField, unit, fields);
    }

    private static SensorReading map(SourceMapping mapping, String key, String value) {
        return RecordMapper.of(mapping, Map.of()).map("plant-telemetry", key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), TIMESTAMP);
    }

    @Test
    void shouldMapANestedJsonRecordToASensorReading() {
        SensorReading r = map(json("device.id", "ts", TimeUnit.MILLISECONDS), "ignored",
                "{\"device\":{\"id\":\"press-7\"},\"ts\":\"2026-03-01T09:59:58.5+01:00\","
                        + "\"payload\":{\"temperature\":81.5,\"rpm\":\"1450\"}}");

        assertThat(r.getSensorId()).isEqualTo("press-7");
        assertThat(r.getEventTime()).isEqualTo(Instant.parse("2026-03-01T08:59:58.500Z"));
        assertThat(r.getMeasurements()).containsExactly(Map.entry("temp", 81.5), Map.entry("rpm", 1450.0));
    }

    @Test
    void shouldTakeTheRecordKeyAndTimestampWhenNoFieldsAreNamed() {
        SensorReading r = map(json(null, null, TimeUnit.MILLISECONDS), "press-8",
                "{\"payload\":{\"temperature\":1,\"rpm\":true}}");

        assertThat(r.getSensorId()).isEqualTo("press-8");
        assertThat(r.getEventTime().toEpochMilli()).isEqualTo(TIMESTAMP);
        assertThat(r.getMeasurements()).containsEntry("rpm", 1.0);
    }

    @Test
    void shouldReadEpochSecondsWhenTheSourceSaysSo() {
        SensorReading r = map(json(null, "ts", TimeUnit.SECONDS), "k",
                "{\"ts\":1772359200,\"payload\":{\"temperature\":1,\"rpm\":2}}");

        assertThat(r.getEventTime()).isEqualTo(Instant.ofEpochSecond(1772359200L));
    }

    @Test
    void shouldSayWhyARecordCannotBeMapped() {
        SourceMapping m = json("device.id", "ts", TimeUnit.MILLISECONDS);
        String ok = "\"payload\":{\"temperature\":1,\"rpm\":2}";

        assertThatThrownBy(() -> map(m, "k", "{\"device\":{\"id\":\"a\"},\"ts\":1," + "\"payload\":{\"temperature\":\"hot\",\"rpm\":2}}"))
                .isInstanceOf(MappingException.class).hasMessage("field 'payload.temperature' is not a number: 'hot'");
        assertThatThrownBy(() -> map(m, "k", "{\"ts\":1," + ok + "}"))
                .hasMessage("field 'device.id' is missing");
        assertThatThrownBy(() -> map(m, "k", "{\"device\":{\"id\":\"a\"},\"ts\":\"yesterday\"," + ok + "}"))
                .hasMessageContaining("field 'ts' is not an ISO-8601 time or an epoch number");
        assertThatThrownBy(() -> map(m, "k", "{\"device\": ")).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> map(m, "k", "[1,2]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> map(m, "k", null)).hasMessage("null value");
        assertThatThrownBy(() -> map(json(null, null, TimeUnit.MILLISECONDS), null, "{" + ok + "}"))
                .hasMessage("null record key and no key-field configured");
    }

    private static final Schema AVRO = new Schema.Parser().parse("""
            {"type":"record","name":"Telemetry","namespace":"com.example","fields":[
              {"name":"device","type":"string"},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"payload","type":{"type":"record","name":"Payload","fields":[
                {"name":"temperature","type":"double"},{"name":"rpm","type":["null","int"],"default":null}]}}]}""");

    static byte[] avro(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldMapAnAvroRecordWrittenWithTheSchemaFile() throws IOException {
        GenericRecord payload = new GenericData.Record(AVRO.getField("payload").schema());
        payload.put("temperature", 70.25);
        payload.put("rpm", 1200);
        GenericRecord t = new GenericData.Record(AVRO);
        t.put("device", "press-9");
        t.put("at", TIMESTAMP - 1000);
        t.put("payload", payload);
        SourceMapping m = new SourceMapping("plant", "plant-avro", SourceFormat.AVRO, AVRO, "device", "at",
                TimeUnit.MILLISECONDS, Map.of("temp", "payload.temperature", "rpm", "payload.rpm"));
        byte[] bytes = avro(AVRO, t);

        SensorReading r = RecordMapper.of(m, Map.of()).map("plant-avro", null, bytes, TIMESTAMP);

        assertThat(r.getSensorId()).isEqualTo("press-9");
        assertThat(r.getEventTime().toEpochMilli()).isEqualTo(TIMESTAMP - 1000);
        assertThat(r.getMeasurements()).containsEntry("temp", 70.25).containsEntry("rpm", 1200.0);
        assertThatThrownBy(() -> RecordMapper.of(m, Map.of()).map("plant-avro", null, Arrays.copyOf(bytes, bytes.length - 3), TIMESTAMP))
                .isInstanceOf(MappingException.class).hasMessageStartingWith("malformed Avro");
        payload.put("rpm", null);
        assertThatThrownBy(() -> RecordMapper.of(m, Map.of()).map("plant-avro", null, avro(AVRO, t), TIMESTAMP))
                .hasMessage("field 'payload.rpm' is missing");
    }

    @Test
    void shouldRefuseAMappingThatDoesNotGiveEveryMeasurement() {
        assertThatThrownBy(() -> json(null, null, TimeUnit.MILLISECONDS).requireMeasurements(List.of("temp", "rpm", "flow")))
                .hasMessage("streamad.sources.plant.fields must map exactly streamad.sensors.measurements [temp, rpm, flow]; missing [flow]");
    }
}
