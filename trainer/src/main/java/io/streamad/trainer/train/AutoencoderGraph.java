package io.streamad.trainer.train;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.framework.initializers.Glorot;
import org.tensorflow.framework.initializers.VarianceScaling;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense autoencoder training graph and its session: input placeholder {@code features}
 * [batch, width], tanh hidden layers, an output {@code reconstruction} bounded per feature to the
 * range that feature had in training, mean squared error loss and an Adam step. Owns native
 * resources: close it.
 *
 * <p>The bounded output matters: an unbounded decoder extrapolates along the correlations it learned,
 * so a value far beyond anything seen in training (ten times the usual burst of transactions, say)
 * can be reconstructed almost perfectly. Bounded, its error grows with its distance from the range.
 */
final class AutoencoderGraph implements AutoCloseable {

    static final String INPUT = "features";
    static final String OUTPUT = "reconstruction";

    /**
     * Every op in the calling thread. Training is then reproducible: with the default pools, Eigen splits a
     * reduction over threads in whatever order they finish, so two runs on the same rows with the same seed
     * gave models whose global thresholds differed by 4%. The matrices are small, so one thread costs no time.
     */
    private static final ConfigProto TRAINING = ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(-1).build();

    private final Graph graph;
    private final Session session;
    private final List<Integer> layers;
    private final Placeholder<TFloat32> input;
    private final Operand<TFloat32> reconstruction;
    private final Operand<TFloat32> loss;
    private final Op trainStep;
    private final List<String> variables = new ArrayList<>();

    /**
     * @param layers  widths from input to output
     * @param range   per-feature lower and upper bound of the reconstruction (the training range)
     * @param initial weights to start from, by variable name (a warm start), or null for a fresh Glorot start
     */
    AutoencoderGraph(List<Integer> layers, OutputRange range, float learningRate, long seed, Map<String, float[]> initial) {
        this.layers = List.copyOf(layers);
        this.graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            int width = layers.get(0);
            input = tf.withName(INPUT).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, width)));
            Operand<TFloat32> h = input;
            for (int i = 0; i < layers.size() - 1; i++) {
                // Flat names: a '/' in a variable name breaks the Adam slot names.
                Variable<TFloat32> w = tf.withName("layer" + i + "_W").variable(
                        weights(tf, i, Shape.of(layers.get(i), layers.get(i + 1)), seed, initial));
                Variable<TFloat32> b = tf.withName("layer" + i + "_b").variable(
                        biases(tf, i, Shape.of(layers.get(i + 1)), initial));
                variables.add(w.op().name());
                variables.add(b.op().name());
                h = tf.math.add(tf.linalg.matMul(h, w), b);
                if (i < layers.size() - 2) {
                    h = tf.math.tanh(h);
                }
            }
            Operand<TFloat32> bounded = tf.math.add(tf.constant(range.low()),
                    tf.math.mul(tf.constant(range.span()), tf.math.sigmoid(h)));
            reconstruction = tf.withName(OUTPUT).identity(bounded);
            loss = tf.withName("loss").math.mean(tf.math.squaredDifference(reconstruction, input), tf.constant(new int[] {0, 1}));
            trainStep = new Adam(graph, learningRate).minimize(loss, "train");
            session = new Session(graph, TRAINING);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private static Operand<TFloat32> weights(Ops tf, int layer, Shape shape, long seed, Map<String, float[]> initial) {
        Ops init = tf.withInitScope();
        if (initial != null) {
            return init.constant(shape, DataBuffers.of(initial(initial, "layer" + layer + "_W", shape)));
        }
        return new Glorot<TFloat32>(VarianceScaling.Distribution.UNIFORM, seed + layer)
                .call(init, init.constant(shape), TFloat32.class);
    }

    private static Operand<TFloat32> biases(Ops tf, int layer, Shape shape, Map<String, float[]> initial) {
        Ops init = tf.withInitScope();
        if (initial != null) {
            return init.constant(shape, DataBuffers.of(initial(initial, "layer" + layer + "_b", shape)));
        }
        return init.zeros(init.constant(shape), TFloat32.class);
    }

    private static float[] initial(Map<String, float[]> initial, String name, Shape shape) {
        float[] values = initial.get(name);
        if (values == null || values.length != shape.size()) {
            throw new IllegalArgumentException("warm start: variable " + name + " missing or not of shape " + shape);
        }
        return values;
    }

    List<Integer> layers() {
        return layers;
    }

    int width() {
        return layers.get(0);
    }

    /** One Adam step on {@code rows} rows of {@code batch}; returns the batch loss before the step. */
    float step(float[] batch, int rows) {
        try (TFloat32 x = Tensors.matrix(batch, 0, rows, width());
             Result r = session.runner().feed(input, x).addTarget(trainStep).fetch(loss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    /** Reconstructions of {@code rows} rows, in chunks, into a new row-major array. */
    float[] reconstruct(float[] data, int rows) {
        int width = width();
        float[] out = new float[rows * width];
        int chunk = 1024;
        for (int start = 0; start < rows; start += chunk) {
            int n = Math.min(chunk, rows - start);
            try (TFloat32 x = Tensors.matrix(data, start * width, n, width);
                 Result r = session.runner().feed(input, x).fetch(reconstruction).run()) {
                ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(out, start * width, n * width);
            }
        }
        return out;
    }

    /** Current values of the layer weights and biases, by variable name. */
    Map<String, float[]> weights() {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : variables) {
            try (Result r = session.runner().fetch(name).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.size()];
                t.asRawTensor().data().asFloats().read(v);
                values.put(name, v);
            }
        }
        return values;
    }

    /** Exports this session as a SavedModel with the standard serving signature. */
    void export(String directory) throws java.io.IOException {
        Signature signature = Signature.builder().key("serving_default").methodName("tensorflow/serving/predict")
                .input(INPUT, input).output(OUTPUT, reconstruction).build();
        org.tensorflow.SavedModelBundle.exporter(directory).withSession(session).withSignature(signature).export();
    }

    @Override
    public void close() {
        // Session first: closing a Graph blocks while a session on it is open.
        session.close();
        graph.close();
    }
}
