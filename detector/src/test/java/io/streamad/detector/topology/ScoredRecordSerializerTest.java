package io.streamad.detector.topology;

import io.streamad.avro.ScoredRecord;
import io.streamad.avro.SourceOffset;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoredRecordSerializerTest {

    private final AvroSerde<ScoredRecord> schemaDriven = AvroSerde.of(ScoredRecord.class);
    private final ScoredRecordSerializer fieldByField = new ScoredRecordSerializer();
    private final Random random = new Random(11);

    private String text() {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            // ASCII, Latin-1 and beyond the Basic Multilingual Plane
            s.appendCodePoint(switch (random.nextInt(3)) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> 0xC0 + random.nextInt(64);
                default -> 0x1F600 + random.nextInt(64);
            });
        }
        return s.toString();
    }

    private ScoredRecord record() {
        List<Float> features = new ArrayList<>();
        int width = random.nextInt(3) == 0 ? 0 : random.nextInt(500);
        for (int i = 0; i < width; i++) {
            features.add(random.nextInt(50) == 0 ? Float.NaN : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6)));
        }
        return ScoredRecord.newBuilder()
                .setKey(text())
                .setKind(StreamKind.values()[random.nextInt(StreamKind.values().length)])
                .setSource(new SourceOffset(text(), random.nextInt(Integer.MAX_VALUE), random.nextLong() & Long.MAX_VALUE))
                .setEventTime(Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L))
                .setScore(random.nextBoolean() ? random.nextDouble() : Double.POSITIVE_INFINITY)
                .setThreshold(random.nextDouble() * 100)
                .setVerdict(Verdict.values()[random.nextInt(Verdict.values().length)])
                .setOutOfRange(random.nextBoolean())
                .setStuck(random.nextBoolean())
                .setModelVersion(random.nextBoolean() ? null : text())
                .setFeatureSchema(text())
                .setFeatures(features)
                .build();
    }

    @Test
    void shouldWriteTheSameBytesAsTheSchemaDrivenWriter() {
        for (int i = 0; i < 2000; i++) {
            ScoredRecord r = record();
            byte[] fast = fieldByField.serialize("scores", r);

            assertThat(fast).as("record %d: %s", i, r).isEqualTo(schemaDriven.serialize("scores", r));
            assertThat(schemaDriven.deserialize("scores", fast)).isEqualTo(r);
        }
    }

    @Test
    void shouldWriteTheSameBytesForFeaturesOverAnArrayAndStringsRepeatedFromRecordToRecord() {
        // as the detector writes them: the features a view over the row's array, topic, model version and feature
        // schema the same from record to record (the serializer keeps their UTF-8), until one of them changes
        String[] topics = {text(), text()};
        String[] versions = {text(), null};
        String[] schemas = {text(), text()};
        for (int i = 0; i < 500; i++) {
            float[] values = new float[random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(60)];
            for (int f = 0; f < values.length; f++) {
                values[f] = switch (random.nextInt(20)) {
                    case 0 -> Float.NaN;
                    case 1 -> -0.0f;
                    case 2 -> Float.intBitsToFloat(0x7fc00001); // a NaN with a payload: written as its raw bits
                    default -> (float) random.nextGaussian();
                };
            }
            ScoredRecord r = new ScoredRecord(text(), StreamKind.SENSOR,
                    new SourceOffset(new String(topics[i / 50 % 2]), random.nextInt(3), (long) i), Instant.ofEpochMilli(i),
                    random.nextDouble(), 1.0, Verdict.NORMAL, false, false, versions[i / 70 % 2], schemas[i / 30 % 2],
                    FloatList.of(values));
            byte[] fast = fieldByField.serialize("scores", r);

            assertThat(fast).as("record %d: %s", i, r).isEqualTo(schemaDriven.serialize("scores", r));
            assertThat(schemaDriven.deserialize("scores", fast)).isEqualTo(r);
        }
    }

    @Test
    void shouldCoverEveryFieldOfTheContract() {
        // a field added to ScoredRecord.avsc changes the schema-driven bytes: the test above then fails until this
        // serializer writes it too; this names the fields it was written for
        assertThat(ScoredRecord.getClassSchema().getFields()).extracting(f -> f.name()).containsExactly(
                "key", "kind", "source", "eventTime", "score", "threshold", "verdict", "outOfRange", "stuck", "modelVersion",
                "featureSchema", "features");
    }

    @Test
    void shouldStartTheNextRecordCleanAfterOneThatFailed() {
        ScoredRecord broken = record();
        broken.setFeatures(java.util.Arrays.asList(1f, null, 2f));
        assertThatThrownBy(() -> fieldByField.serialize("scores", broken)).isInstanceOf(NullPointerException.class);

        ScoredRecord next = record();
        assertThat(fieldByField.serialize("scores", next)).isEqualTo(schemaDriven.serialize("scores", next));
    }

    @Test
    void shouldSizeVarintsAsAvroWritesThem() {
        long[] values = {0, 1, -1, 63, -64, 64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            byte[] avro = new byte[10];
            assertThat(ScoredRecordSerializer.varintSize(v)).as("%d", v)
                    .isEqualTo(org.apache.avro.io.BinaryData.encodeLong(v, avro, 0));
        }
    }

    @Test
    void shouldPassNullThrough() {
        assertThat(fieldByField.serialize("scores", null)).isNull();
    }
}
