/**
 * The Kafka Streams topology: decode and validate input records (bad ones to the dead-letter topic),
 * build per-key windowed features, score them in micro-batches with the current model, decide against
 * the key's adaptive threshold, and emit scored records and anomaly events.
 */
package io.streamad.detector.topology;
