package io.streamad.core.feature;

import java.nio.ByteBuffer;

/** The last few distinct values seen (as int hashes), oldest overwritten first. */
final class RecentSet {

    private final int[] values;
    private int size;
    private int next;

    RecentSet(int capacity) {
        this.values = new int[capacity];
    }

    boolean contains(int value) {
        for (int i = 0; i < size; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    void add(int value) {
        if (contains(value)) {
            return;
        }
        values[next] = value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    int serializedSize() {
        return 2 + 4 * size;
    }

    /** Writes the values oldest first. */
    void writeTo(ByteBuffer buf) {
        buf.put((byte) size);
        buf.put((byte) 0);
        int oldest = size < values.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            buf.putInt(values[(oldest + i) % values.length]);
        }
    }

    /** Reads values written by {@link #writeTo}; a smaller capacity keeps the newest. */
    static RecentSet readFrom(ByteBuffer buf, int capacity) {
        int stored = buf.get();
        buf.get();
        RecentSet set = new RecentSet(capacity);
        for (int i = 0; i < stored; i++) {
            set.add(buf.getInt());
        }
        return set;
    }
}
