package io.streamad.core.artifact;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model directory (SavedModel plus manifest) as one deflated zip and its SHA-256. Unpacking checks
 * the digest first and refuses entries that would escape the target directory.
 *
 * @param bytes  the zip
 * @param sha256 hex digest of {@code bytes}
 */
public record ModelArtifact(byte[] bytes, String sha256) {

    /** Packs every file under {@code dir}, with paths relative to it. */
    public static ModelArtifact pack(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> files = Files.walk(dir)) {
            zip.setLevel(9);
            List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
            for (Path file : regular) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack model directory " + dir, e);
        }
        byte[] bytes = out.toByteArray();
        return new ModelArtifact(bytes, sha256(bytes));
    }

    /**
     * Checks the digest and unpacks into {@code target} (created; must not exist yet).
     *
     * @throws IllegalArgumentException if the bytes do not match the digest or are not a model zip
     * @throws UncheckedIOException     if the files cannot be written (the disk, not the artifact)
     */
    public void unpackTo(Path target) {
        String actual = sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalArgumentException("checksum mismatch: expected sha256 " + sha256 + ", got " + actual);
        }
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            Files.createDirectories(target);
            int entries = 0;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IllegalArgumentException("artifact entry escapes its directory: " + entry.getName());
                }
                Files.createDirectories(file.getParent());
                copy(zip, file);
                entries++;
            }
            if (entries == 0) {
                throw new IllegalArgumentException("artifact holds no files");
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException("artifact is not a readable zip: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the artifact into " + target, e);
        }
    }

    private static void copy(InputStream in, Path file) throws IOException {
        Files.write(file, in.readAllBytes());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
