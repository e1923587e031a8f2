package io.streamad.detector.model;

import io.streamad.avro.StreamKind;
import io.streamad.core.feature.FeatureSchema;

import java.util.EnumMap;
import java.util.Map;

/** One {@link ModelSlot} per stream kind, with the feature schema its models must have. */
public final class ModelRegistry implements AutoCloseable {

    private final Map<StreamKind, ModelSlot> slots = new EnumMap<>(StreamKind.class);
    private final Map<StreamKind, FeatureSchema> schemas;

    public ModelRegistry(Map<StreamKind, FeatureSchema> schemas) {
        this.schemas = Map.copyOf(schemas);
        schemas.forEach((kind, schema) -> slots.put(kind, new ModelSlot(schema.kind())));
    }

    public ModelSlot slot(StreamKind kind) {
        return slots.get(kind);
    }

    public Map<StreamKind, ModelSlot> slots() {
        return Map.copyOf(slots);
    }

    public FeatureSchema schema(StreamKind kind) {
        return schemas.get(kind);
    }

    /** The stream kind whose models belong to {@code family} ("sensor", "transaction"). */
    public java.util.Optional<StreamKind> kind(String family) {
        return schemas.entrySet().stream().filter(e -> e.getValue().kind().equals(family)).map(Map.Entry::getKey).findFirst();
    }

    @Override
    public void close() {
        slots.values().forEach(ModelSlot::close);
    }
}
