package io.streamad.bench;

/**
 * One family's per-key state at one key count.
 *
 * @param family               {@code sensor} or {@code transaction}
 * @param keys                 distinct keys in the stores
 * @param windowBytesPerKey    serialized key + value bytes per key in the feature-state store (a sensor's window,
 *                             a card's history)
 * @param thresholdBytesPerKey serialized key + value bytes per key in the thresholds store
 * @param storeBytesPerKey     the two together
 * @param diskBytesPerKey      RocksDB files on disk after a flush, both stores, per key
 * @param updatesPerSecond     records per second through the state path (read, featurise, decide, write both
 *                             stores) on a pass over all keys in scattered order
 * @param heapAfterGcMib       heap in use after a full collection
 * @param rssMib               resident set size (RocksDB's memtables and caches are off-heap)
 */
record StateStep(String family, long keys, double windowBytesPerKey, double thresholdBytesPerKey, double storeBytesPerKey,
                 double diskBytesPerKey, double updatesPerSecond, double heapAfterGcMib, double rssMib) {
}
