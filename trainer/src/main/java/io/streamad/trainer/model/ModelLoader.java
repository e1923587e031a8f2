package io.streamad.trainer.model;

import io.streamad.core.feature.FeatureSchema;
import io.streamad.core.model.ManifestCodec;
import io.streamad.core.model.ModelManifest;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a model directory (SavedModel + {@code manifest.json}) for one feature schema and checks,
 * before anything is scored with it, that manifest, signature, tensor shapes and a probe inference all
 * agree with what the detector computes. Every refusal names what was expected and what was found.
 */
public final class ModelLoader {

    /** Run ops in the calling thread: the default pools add jitter and slow small batches on few cores. */
    private static final ConfigProto SERVING = ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(-1).build();

    private ModelLoader() {
    }

    public static ScoringModel load(Path dir, FeatureSchema expected) {
        if (!Files.isRegularFile(dir.resolve(ManifestCodec.FILE_NAME))) {
            throw new ModelRejectedException(dir, "no " + ManifestCodec.FILE_NAME + " in the model directory");
        }
        ModelManifest manifest;
        try {
            manifest = ManifestCodec.read(dir);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(dir, e.getMessage(), e);
        }
        checkManifest(dir, manifest, expected);
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(SERVING).load();
        } catch (TensorFlowException | IllegalArgumentException e) {
            throw new ModelRejectedException(dir, "not a loadable SavedModel: " + firstLine(e.getMessage()), e);
        }
        try {
            ModelManifest.Signature sig = manifest.signature();
            SignatureDef def = bundle.metaGraphDef().getSignatureDefMap().get(sig.key());
            if (def == null) {
                throw new ModelRejectedException(dir, "expected signature '" + sig.key() + "', found "
                        + bundle.metaGraphDef().getSignatureDefMap().keySet());
            }
            String input = tensor(dir, "input", def.getInputsMap().get(sig.input()), sig.input(), sig.inputWidth(),
                    def.getInputsMap().keySet());
            String output = tensor(dir, "output", def.getOutputsMap().get(sig.output()), sig.output(), sig.inputWidth(),
                    def.getOutputsMap().keySet());
            ScoringModel model = new ScoringModel(bundle, manifest, input, output);
            probe(dir, model);
            return model;
        } catch (RuntimeException | Error e) {
            bundle.close();
            throw e;
        }
    }

    private static void checkManifest(Path dir, ModelManifest m, FeatureSchema expected) {
        if (!m.model().equals(expected.kind())) {
            throw new ModelRejectedException(dir, "expected a '" + expected.kind() + "' model, manifest says '" + m.model() + "'");
        }
        FeatureSchema actual = m.features();
        if (!actual.id().equals(expected.id())) {
            String what = !actual.names().equals(expected.names())
                    ? "features " + actual.names() + " (width " + actual.width() + "), detector computes "
                        + expected.names() + " (width " + expected.width() + ")"
                    : "feature parameters " + actual.params() + ", detector uses " + expected.params();
            throw new ModelRejectedException(dir, "feature schema mismatch: model expects " + what);
        }
        if (!m.calibration().hasUsableThreshold()) {
            throw new ModelRejectedException(dir, "calibrated global threshold must be a positive number, manifest says "
                    + m.calibration().threshold() + ": every error would be an anomaly");
        }
        int width = expected.width();
        if (m.signature().inputWidth() != width || m.normalisation().width() != width) {
            throw new ModelRejectedException(dir, "expected input width " + width + ", manifest signature says "
                    + m.signature().inputWidth() + " and its normalisation " + m.normalisation().width());
        }
    }

    private static String tensor(Path dir, String role, TensorInfo info, String name, int width, java.util.Set<String> found) {
        if (info == null) {
            throw new ModelRejectedException(dir, "expected signature " + role + " '" + name + "', found " + found);
        }
        if (info.getDtype() != DataType.DT_FLOAT) {
            throw new ModelRejectedException(dir, role + " '" + name + "' is " + info.getDtype() + ", expected DT_FLOAT");
        }
        List<TensorShapeProto.Dim> dims = info.getTensorShape().getDimList();
        if (dims.size() != 2 || dims.get(1).getSize() != width) {
            throw new ModelRejectedException(dir, role + " '" + name + "' has shape "
                    + dims.stream().map(TensorShapeProto.Dim::getSize).toList() + ", expected [-1, " + width + "]");
        }
        return info.getName();
    }

    /** One inference on a zero row (the training mean): it must run and give finite numbers. */
    private static void probe(Path dir, ScoringModel model) {
        float[] out;
        try {
            out = model.reconstruct(new float[model.width()], 1);
        } catch (RuntimeException e) {
            throw new ModelRejectedException(dir, "probe inference failed: " + firstLine(e.getMessage()), e);
        }
        for (float v : out) {
            if (!Float.isFinite(v)) {
                throw new ModelRejectedException(dir, "probe inference returned a non-finite value");
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
