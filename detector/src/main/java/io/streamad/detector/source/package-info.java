/**
 * Existing topics as input: a {@link io.streamad.detector.source.SourceMapping} says how a user's JSON or
 * Avro record becomes a sensor reading (key, event time, measurements), and a
 * {@link io.streamad.detector.source.RecordMapper} does it, so no Java is needed to point the detector at a topic.
 */
package io.streamad.detector.source;
