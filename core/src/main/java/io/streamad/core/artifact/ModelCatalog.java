package io.streamad.core.artifact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the models topic says, folded record by record: every kept release with its chunks, and the
 * current version of each family. Not thread-safe; one consumer thread folds into it.
 */
public final class ModelCatalog {

    private final Map<String, Map<String, ModelRelease>> releases = new HashMap<>();
    private final Map<String, Map<Integer, byte[]>> chunks = new HashMap<>();
    private final Map<String, CurrentModel> current = new HashMap<>();

    /** Folds one parsed record in. */
    public void apply(ModelRecords.Entry entry) {
        if (entry instanceof ModelRecords.Chunk c) {
            chunks.computeIfAbsent(id(c.family(), c.version()), k -> new TreeMap<>()).put(c.index(), c.bytes());
        } else if (entry instanceof ModelRecords.Release r) {
            releases.computeIfAbsent(r.family(), k -> new HashMap<>()).put(r.release().version(), r.release());
        } else if (entry instanceof ModelRecords.Pointer p) {
            current.put(p.family(), p.current());
        } else if (entry instanceof ModelRecords.Removed r) {
            chunks.remove(id(r.family(), r.version()));
            Map<String, ModelRelease> byVersion = releases.get(r.family());
            if (byVersion != null) {
                byVersion.remove(r.version());
            }
        }
    }

    public Optional<CurrentModel> current(String family) {
        return Optional.ofNullable(current.get(family));
    }

    public Optional<ModelRelease> release(String family, String version) {
        return Optional.ofNullable(releases.getOrDefault(family, Map.of()).get(version));
    }

    /** Kept releases of a family, oldest first. */
    public List<ModelRelease> releases(String family) {
        List<ModelRelease> list = new ArrayList<>(releases.getOrDefault(family, Map.of()).values());
        list.sort(Comparator.comparing(ModelRelease::publishedAt).thenComparing(ModelRelease::version));
        return list;
    }

    /**
     * The artifact of a release once all its chunks have arrived; its digest is checked when it is
     * unpacked.
     *
     * @throws IllegalArgumentException when the release's chunks are all there but do not add up
     */
    public Optional<ModelArtifact> artifact(ModelRelease release) {
        Map<Integer, byte[]> parts = chunks.getOrDefault(id(release.family(), release.version()), Map.of());
        if (parts.size() < release.chunks()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[(int) release.bytes()];
        int at = 0;
        for (int i = 0; i < release.chunks(); i++) {
            byte[] part = parts.get(i);
            if (part == null || at + part.length > bytes.length) {
                throw new IllegalArgumentException(release.version() + ": chunks do not add up to " + release.bytes() + " bytes");
            }
            System.arraycopy(part, 0, bytes, at, part.length);
            at += part.length;
        }
        if (at != bytes.length) {
            throw new IllegalArgumentException(release.version() + ": chunks hold " + at + " of " + release.bytes() + " bytes");
        }
        return Optional.of(new ModelArtifact(bytes, release.sha256()));
    }

    private static String id(String family, String version) {
        return family + "/" + version;
    }
}
