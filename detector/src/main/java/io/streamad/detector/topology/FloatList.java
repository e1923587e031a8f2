package io.streamad.detector.topology;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A scored record's features as the {@code List<Float>} its Avro class holds, over the row's own array: nothing is
 * boxed unless a reader asks for an element, and {@link ScoredRecordSerializer} writes the floats straight from the
 * array. Read-only; the array must not change while the record is in use (a row's features are not reused).
 */
final class FloatList extends AbstractList<Float> implements RandomAccess {

    private static final FloatList EMPTY = new FloatList(new float[0]);

    private final float[] values;

    private FloatList(float[] values) {
        this.values = values;
    }

    static FloatList of(float[] values) {
        return values.length == 0 ? EMPTY : new FloatList(values);
    }

    static FloatList empty() {
        return EMPTY;
    }

    @Override
    public Float get(int index) {
        return values[index];
    }

    float getFloat(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
