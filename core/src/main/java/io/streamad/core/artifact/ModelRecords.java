package io.streamad.core.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of the compacted models topic. Keys say what a record is:
 * <ul>
 *   <li>{@code chunk/<family>/<version>/<index>}: a slice of the artifact's bytes;</li>
 *   <li>{@code model/<family>/<version>}: the {@link ModelRelease} (JSON) that completes the chunks;</li>
 *   <li>{@code current/<family>}: the {@link CurrentModel} (JSON) that detectors serve.</li>
 * </ul>
 * A null value (tombstone) removes a chunk or release when a version ages out. Compaction keeps the
 * last value of every key, so a detector that reads the topic from the start sees every kept version
 * and the current choice, and nothing else.
 */
public final class ModelRecords {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelRecords() {
    }

    /** One parsed record of the models topic. */
    public sealed interface Entry permits Chunk, Release, Pointer, Removed {
        String family();
    }

    public record Chunk(String family, String version, int index, byte[] bytes) implements Entry {
    }

    public record Release(ModelRelease release) implements Entry {
        @Override
        public String family() {
            return release.family();
        }
    }

    public record Pointer(CurrentModel current) implements Entry {
        @Override
        public String family() {
            return current.family();
        }
    }

    /** A tombstone for a chunk or a release. */
    public record Removed(String family, String version) implements Entry {
    }

    /** Chunks, then the release record; send them in one transaction. */
    public static List<ProducerRecord<String, byte[]>> publish(String topic, String family, String version,
                                                               ModelArtifact artifact, String manifest, int chunkSize) {
        if (chunkSize < 1024) {
            throw new IllegalArgumentException("chunk size must be at least 1 KiB, was " + chunkSize);
        }
        byte[] bytes = artifact.bytes();
        int chunks = Math.max(1, (bytes.length + chunkSize - 1) / chunkSize);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(chunks + 1);
        for (int i = 0; i < chunks; i++) {
            records.add(new ProducerRecord<>(topic, chunkKey(family, version, i),
                    Arrays.copyOfRange(bytes, i * chunkSize, Math.min(bytes.length, (i + 1) * chunkSize))));
        }
        ModelRelease release = new ModelRelease(family, version, artifact.sha256(), chunks, bytes.length, Instant.now(), manifest);
        records.add(new ProducerRecord<>(topic, releaseKey(family, version), json(release)));
        return records;
    }

    public static ProducerRecord<String, byte[]> point(String topic, CurrentModel current) {
        return new ProducerRecord<>(topic, "current/" + current.family(), json(current));
    }

    /** Tombstones for every record of a release. */
    public static List<ProducerRecord<String, byte[]>> remove(String topic, ModelRelease release) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < release.chunks(); i++) {
            records.add(new ProducerRecord<>(topic, chunkKey(release.family(), release.version(), i), null));
        }
        records.add(new ProducerRecord<>(topic, releaseKey(release.family(), release.version()), null));
        return records;
    }

    /**
     * Parses one record.
     *
     * @throws IllegalArgumentException naming the key when the record is not one of ours or its JSON is bad
     */
    public static Entry parse(String key, byte[] value) {
        String[] parts = key == null ? new String[0] : key.split("/");
        try {
            if (parts.length == 4 && parts[0].equals("chunk")) {
                return value == null ? new Removed(parts[1], parts[2])
                        : new Chunk(parts[1], parts[2], Integer.parseInt(parts[3]), value);
            }
            if (parts.length == 3 && parts[0].equals("model")) {
                return value == null ? new Removed(parts[1], parts[2]) : new Release(JSON.readValue(value, ModelRelease.class));
            }
            if (parts.length == 2 && parts[0].equals("current") && value != null) {
                return new Pointer(JSON.readValue(value, CurrentModel.class));
            }
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalArgumentException("models topic record '" + key + "' is malformed: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("models topic record '" + key + "' is not a chunk, release or pointer");
    }

    private static String chunkKey(String family, String version, int index) {
        return "chunk/" + family + "/" + version + "/" + index;
    }

    private static String releaseKey(String family, String version) {
        return "model/" + family + "/" + version;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }
}
