/**
 * Loads TensorFlow's native library once, at image build time, so that JavaCPP extracts it into
 * {@code org.bytedeco.javacpp.cachedir} then and not at every pod start (and a read-only root file
 * system works). Reflection keeps it free of compile-time dependencies: the image's {@code lib/} is the
 * classpath it runs with.
 */
public final class NativeWarmup {

    private NativeWarmup() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        Object version = Class.forName("org.tensorflow.TensorFlow").getMethod("version").invoke(null);
        System.out.println("TensorFlow " + version + " native library cached in "
                + System.getProperty("org.bytedeco.javacpp.cachedir"));
    }
}
