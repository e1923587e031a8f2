package io.streamad.detector.model;

import io.streamad.core.model.ManifestCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The on-disk layout the trainer writes: {@code <root>/<family>/<version>/} holding the SavedModel and
 * its manifest. Versions sort by name (the trainer's version ids start with a UTC timestamp); names
 * starting with a dot are directories still being written.
 */
public final class ModelDirectory {

    private final Path root;

    public ModelDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The newest complete model directory of a family, if any. */
    public Optional<Path> newest(String family) {
        Path dir = root.resolve(family);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions
                    .filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isRegularFile(p.resolve(ManifestCodec.FILE_NAME)))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list models in " + dir, e);
        }
    }
}
