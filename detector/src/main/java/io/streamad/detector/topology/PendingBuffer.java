package io.streamad.detector.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows consumed but not yet scored, kept in memory for the next batch and mirrored in a
 * changelogged store. The store is what keeps batching exactly-once: a Kafka Streams commit can come
 * at any moment, and it commits the input offsets together with the store, so a row is always either
 * scored (its outputs are in the same transaction) or in the store, from which a restarted task
 * scores it.
 *
 * <p>Rows occupy {@code capacity} slots in turn ({@code sequence % capacity}), plus one entry with the
 * last scored sequence, so the store stays small and the record cache absorbs most rewrites.
 */
final class PendingBuffer {

    private static final long SCORED_UP_TO = -1L;

    private final KeyValueStore<Long, byte[]> store;
    private final int capacity;
    private final List<PendingRow> rows = new ArrayList<>();
    private long nextSequence;

    PendingBuffer(KeyValueStore<Long, byte[]> store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** Reloads the rows a previous owner of this task consumed but did not score. */
    void restore() {
        byte[] mark = store.get(SCORED_UP_TO);
        long scoredUpTo = mark == null ? -1 : ByteBuffer.wrap(mark).getLong();
        nextSequence = scoredUpTo + 1;
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, byte[]> entry = all.next();
                if (entry.key != SCORED_UP_TO) {
                    PendingRow row = PendingRow.fromBytes(entry.value);
                    if (row.sequence() > scoredUpTo) {
                        rows.add(row);
                    }
                }
            }
        }
        rows.sort(Comparator.comparingLong(PendingRow::sequence));
        if (!rows.isEmpty()) {
            nextSequence = rows.get(rows.size() - 1).sequence() + 1;
        }
    }

    long nextSequence() {
        return nextSequence;
    }

    void add(PendingRow row) {
        if (row.sequence() != nextSequence) {
            throw new IllegalArgumentException("expected sequence " + nextSequence + ", got " + row.sequence());
        }
        nextSequence++;
        rows.add(row);
        store.put(Math.floorMod(row.sequence(), (long) capacity), row.toBytes());
    }

    List<PendingRow> rows() {
        return rows;
    }

    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Records that every row up to the last one added has been scored and emitted. */
    void markScored() {
        if (rows.isEmpty()) {
            return;
        }
        store.put(SCORED_UP_TO, ByteBuffer.allocate(8).putLong(rows.get(rows.size() - 1).sequence()).array());
        rows.clear();
    }
}
