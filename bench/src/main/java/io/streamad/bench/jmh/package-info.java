/**
 * JMH microbenchmarks of what the detector does per record besides Kafka: scoring a batch (normalise,
 * Session.run, reconstruction error) at batch sizes 1..1024, feature extraction and the per-key state path.
 * Run with {@code ./bench jmh}.
 */
package io.streamad.bench.jmh;
