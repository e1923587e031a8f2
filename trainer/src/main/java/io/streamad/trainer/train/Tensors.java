package io.streamad.trainer.train;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Copies between row-major float arrays and float32 matrices. */
final class Tensors {

    private Tensors() {
    }

    /** A [rows, width] tensor holding {@code rows * width} floats of {@code data} from {@code offset}. */
    static TFloat32 matrix(float[] data, int offset, int rows, int width) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(rows, width));
        t.asRawTensor().data().asFloats().write(data, offset, rows * width);
        return t;
    }
}
