package io.streamad.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamad.avro.SensorReading;
import io.streamad.avro.StreamKind;
import io.streamad.core.feature.TransactionFeatureConfig;
import io.streamad.core.serde.AvroSerde;
import io.streamad.core.threshold.ThresholdPolicy;
import io.streamad.detector.model.ModelSlot;
import io.streamad.detector.source.Sources;
import io.streamad.detector.topology.DetectorMetrics;
import io.streamad.detector.topology.ScoringTopology;
import io.streamad.detector.topology.TopologySettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.util.List;
import java.util.Map;

/** The topology of each {@link Variant}, built on the detector's own code. */
final class BenchTopologies {

    private BenchTopologies() {
    }

    /** Output topics of one variant; the detector variants write scores, anomalies and dead letters. */
    record Outputs(String scores, String anomalies, String deadLetters) {
        static Outputs of(Variant variant, String runId) {
            String prefix = "bench-" + variant.id + "-" + runId;
            return new Outputs(prefix + "-scores", prefix + "-anomalies", prefix + "-dead-letters");
        }

        /** The topics that together hold exactly one record per input record. */
        List<String> perRecord(Variant variant) {
            return variant == Variant.PASSTHROUGH ? List.of(scores) : List.of(scores, deadLetters);
        }

        List<String> all() {
            return List.of(scores, anomalies, deadLetters);
        }
    }

    static Topology build(Variant variant, String sensors, String transactions, Outputs outputs, ModelSlot sensorModel,
                          ModelSlot transactionModel) {
        StreamsBuilder builder = new StreamsBuilder();
        if (variant == Variant.PASSTHROUGH) {
            passThrough(builder, sensors, outputs.scores());
        } else {
            TopologySettings settings = detectorSettings(variant, sensors, transactions, outputs);
            ScoringTopology.build(builder, settings, Map.of(StreamKind.SENSOR, sensorModel,
                    StreamKind.TRANSACTION, transactionModel), new DetectorMetrics(new SimpleMeterRegistry()));
        }
        return builder.build();
    }

    /** Deserialize the Avro reading, serialize it again, forward it: what any Avro topology does at least. */
    static void passThrough(StreamsBuilder builder, String input, String output) {
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        builder.stream(input, Consumed.with(Serdes.String(), serde))
                .to(output, Produced.with(Serdes.String(), serde));
    }

    /** The detector's defaults (application.yml), with the variant's batch size. */
    static TopologySettings detectorSettings(Variant variant, String sensors, String transactions, Outputs outputs) {
        return new TopologySettings(
                new TopologySettings.Topics(sensors, transactions, outputs.scores(), outputs.anomalies(), outputs.deadLetters()),
                BenchModels.SENSORS, TransactionFeatureConfig.DEFAULT, ThresholdPolicy.DEFAULT,
                new TopologySettings.Batching(variant.maxRows, Variant.MAX_DELAY), true, TopologySettings.Input.DEFAULT,
                Sources.NONE);
    }
}
