package io.streamad.core.feature;

import java.nio.ByteBuffer;

/**
 * The last few distinct values seen, kept as 16-bit fingerprints, oldest overwritten first. Two bytes a
 * value keep a card's state small; the price is that a value never seen passes for a remembered one with
 * a chance of about {@code size / 65536} (0.02% with 16 remembered merchants).
 */
final class RecentSet {

    private final short[] values;
    private int size;
    private int next;

    RecentSet(int capacity) {
        this.values = new short[capacity];
    }

    /** The fingerprint of a value: its string hash, mixed (MurmurHash3's finaliser) and folded to 16 bits. */
    static short fingerprint(String value) {
        return fold(value.hashCode());
    }

    /** Folds a 32-bit string hash, as the earlier state format stored it, into the fingerprint. */
    static short fold(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (short) (h >>> 16);
    }

    boolean contains(short value) {
        for (int i = 0; i < size; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    void add(short value) {
        if (contains(value)) {
            return;
        }
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    int serializedSize() {
        return 1 + 2 * size;
    }

    /** Writes the count, then the values oldest first. */
    void writeTo(ByteBuffer buf) {
        buf.put((byte) size);
        int oldest = size < values.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            buf.putShort(values[(oldest + i) % values.length]);
        }
    }

    /** Reads values written by {@link #writeTo}; a smaller capacity keeps the newest. */
    static RecentSet readFrom(ByteBuffer buf, int capacity) {
        int stored = buf.get();
        RecentSet set = new RecentSet(capacity);
        for (int i = 0; i < stored; i++) {
            set.add(buf.getShort());
        }
        return set;
    }

    /** Reads the earlier format: a count, a spare byte, then 32-bit string hashes oldest first. */
    static RecentSet readHashes(ByteBuffer buf, int capacity) {
        int stored = buf.get();
        buf.get();
        RecentSet set = new RecentSet(capacity);
        for (int i = 0; i < stored; i++) {
            set.add(fold(buf.getInt()));
        }
        return set;
    }
}
