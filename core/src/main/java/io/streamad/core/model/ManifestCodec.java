package io.streamad.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code manifest.json}. */
public final class ManifestCodec {

    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {
    }

    public static String toJson(ModelManifest manifest) {
        try {
            return MAPPER.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write manifest " + manifest.version(), e);
        }
    }

    /** Parses a manifest, failing with the reason if it is not one this version understands. */
    public static ModelManifest fromJson(String json) {
        ModelManifest manifest;
        try {
            manifest = MAPPER.readValue(json, ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid model manifest: " + e.getOriginalMessage(), e);
        }
        if (manifest.formatVersion() != ModelManifest.FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format " + manifest.formatVersion()
                    + " is not supported; expected " + ModelManifest.FORMAT_VERSION);
        }
        return manifest;
    }

    public static ModelManifest read(Path modelDir) {
        Path file = modelDir.resolve(FILE_NAME);
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path modelDir, ModelManifest manifest) {
        try {
            Files.writeString(modelDir.resolve(FILE_NAME), toJson(manifest), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write manifest into " + modelDir, e);
        }
    }
}
