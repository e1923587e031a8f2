package io.streamad.detector.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.streamad.avro.StreamKind;
import io.streamad.core.model.ModelManifest;

import java.util.ArrayList;
import java.util.List;

/**
 * The serving models as meters: {@code streamad.model.info{kind,version}} is 1 for the version serving each
 * kind (the previous version's series goes when a model is swapped), {@code streamad.model.created.timestamp{kind}}
 * is when the serving model was trained, {@code streamad.models.installed{kind}} counts swaps and
 * {@code streamad.models.rejected{kind,reason}} refusals.
 */
public final class ModelMeters {

    private final ModelRegistry models;
    private final MeterRegistry meters;
    private final MultiGauge info;

    public ModelMeters(ModelRegistry models, MeterRegistry meters) {
        this.models = models;
        this.meters = meters;
        this.info = MultiGauge.builder("streamad.model.info")
                .description("1 for the model version serving each stream kind").register(meters);
        for (StreamKind kind : StreamKind.values()) {
            ModelSlot slot = models.slot(kind);
            if (slot != null) {
                Gauge.builder("streamad.model.created.timestamp", slot, ModelMeters::createdSeconds)
                        .description("when the serving model was trained (epoch seconds); NaN while none serves")
                        .tag("kind", kind.name()).baseUnit("seconds").register(meters);
            }
        }
        refresh();
    }

    /** A model of {@code kind} was installed: counted, and the info gauge names it instead of its predecessor. */
    void installed(StreamKind kind) {
        meters.counter("streamad.models.installed", "kind", kind.name()).increment();
        refresh();
    }

    /** A model was refused; {@code kind} is a stream kind's name or {@code unknown}. */
    void rejected(String kind, String reason) {
        meters.counter("streamad.models.rejected", "kind", kind, "reason", reason).increment();
    }

    private synchronized void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        models.slots().forEach((kind, slot) -> slot.manifest().ifPresent(m ->
                rows.add(MultiGauge.Row.of(Tags.of("kind", kind.name(), "version", m.version()), 1))));
        info.register(rows, true);
    }

    private static double createdSeconds(ModelSlot slot) {
        return slot.manifest().map(ModelManifest::createdAt).map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN);
    }
}
