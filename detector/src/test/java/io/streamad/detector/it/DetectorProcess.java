package io.streamad.detector.it;

import io.streamad.detector.Application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A detector service in its own JVM, started the way an operator starts it ({@link Application#main}
 * with the configuration as system properties), so it can be killed with SIGKILL like a crashed pod.
 * Its output goes to {@code <work>/<name>.log}.
 */
final class DetectorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path log;
    private final List<String> command;
    private final int port;
    private Process process;

    /**
     * @param name       instance name; also its state directory under {@code work}
     * @param properties configuration, as an operator would give it
     */
    DetectorProcess(String name, Path work, Map<String, Object> properties) {
        this.name = name;
        this.port = freePort();
        this.log = work.resolve(name + ".log");
        Map<String, Object> props = new TreeMap<>(properties);
        props.put("micronaut.server.port", port);
        props.putIfAbsent("kafka.streams.default.state.dir", work.resolve(name).resolve("streams").toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath()));
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add(Application.class.getName());
        this.command = List.copyOf(cmd);
    }

    /** The test JVM's classpath: failsafe names it in a property when it boots from a manifest-only jar. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    String name() {
        return name;
    }

    /** Its HTTP root. */
    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the JVM and waits until its Kafka Streams instance reports healthy. */
    DetectorProcess start() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start detector " + name, e);
        }
        awaitHealthy(Duration.ofSeconds(120));
        return this;
    }

    /** Waits until {@code /health} answers UP, which includes its Kafka Streams instance running. */
    void awaitHealthy(Duration timeout) {
        await("detector " + name + " healthy (log: " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("detector " + name + " exited with " + process.exitValue()
                                + "; last log lines:\n" + tail(40));
                    }
                    return healthy();
                });
    }

    /** Whether {@code /health} answers UP now. */
    boolean healthy() throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(uri() + "/health")).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"status\":\"UP\"");
        } catch (ConnectException | HttpTimeoutException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook runs, no transaction is finished, no group is left. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("detector " + name + " survived SIGKILL");
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The last lines of the instance's log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped in 40 s. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
