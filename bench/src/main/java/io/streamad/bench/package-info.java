/**
 * The performance harness: a pass-through Kafka Streams topology as the yardstick, the detector topology in
 * its variants on the same preloaded records, latency at a fixed offered load, and per-key state at scale.
 * Run by {@code ./bench}; nothing here runs in {@code mvn verify}.
 */
package io.streamad.bench;
