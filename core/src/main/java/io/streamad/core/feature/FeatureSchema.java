package io.streamad.core.feature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layout of a feature vector: which features, in which order, computed with which parameters.
 * Two schemas with the same {@link #id()} produce interchangeable vectors; a model trained on one
 * schema may only score vectors of that schema.
 *
 * @param kind   the model family, {@code sensor} or {@code transaction}
 * @param names  feature names in vector order
 * @param params the extraction parameters that change the values (window length, half-lives...)
 */
public record FeatureSchema(String kind, List<String> names, Map<String, String> params) {

    public FeatureSchema {
        names = List.copyOf(names);
        params = Map.copyOf(params);
    }

    public int width() {
        return names.size();
    }

    /** A short, stable digest of kind, names and parameters, e.g. {@code sensor-3fa2c1d09e}. */
    public String id() {
        StringBuilder canonical = new StringBuilder(kind).append('|');
        names.forEach(n -> canonical.append(n).append(','));
        canonical.append('|');
        new TreeMap<>(params).forEach((k, v) -> canonical.append(k).append('=').append(v).append(';'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return kind + "-" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
