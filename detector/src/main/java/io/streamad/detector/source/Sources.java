package io.streamad.detector.source;

import java.util.List;
import java.util.Map;

/**
 * The existing topics the detector reads beside its own sensor topic, and the schema registry that
 * {@code registry-avro} sources need and the outputs may be framed for.
 *
 * @param mappings     one per source topic
 * @param registry     Apicurio serde settings ({@code apicurio.registry.url}, ...); empty when no registry is configured
 * @param frameOutputs write scores and anomalies in the registry wire format (their schemas registered); needs a registry
 */
public record Sources(List<SourceMapping> mappings, Map<String, Object> registry, boolean frameOutputs) {

    public static final Sources NONE = new Sources(List.of(), Map.of(), false);

    public Sources {
        mappings = List.copyOf(mappings);
        registry = Map.copyOf(registry);
        frameOutputs = frameOutputs && registry.containsKey("apicurio.registry.url");
        for (SourceMapping m : mappings) {
            if (m.format() == SourceFormat.REGISTRY_AVRO && !registry.containsKey("apicurio.registry.url")) {
                throw new IllegalArgumentException(SourceMapping.key(m.name(), "format")
                        + " = registry-avro needs streamad.registry.url");
            }
        }
    }

    /** A new mapper for one source (one per stream task: a registry client is not shared between threads). */
    public RecordMapper<?> mapper(SourceMapping mapping) {
        return RecordMapper.of(mapping, registry);
    }
}
