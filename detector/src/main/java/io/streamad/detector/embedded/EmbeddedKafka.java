package io.streamad.detector.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, with its
 * log directory on disk. It can be stopped and started again on the same directory, keeping its data.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final SecurityProtocol protocol;
    private final Map<String, String> overrides;
    private final Map<String, Object> clientSecurity;
    private KafkaRaftServer server;

    /**
     * A broker whose client listener, also its inter-broker listener, speaks {@code protocol}; the controller
     * listener stays PLAINTEXT.
     *
     * @param logDir         where the broker keeps its logs; formatted on first start
     * @param protocol       the client listener's security protocol, also its listener name
     *                       ({@code listener.name.<protocol, lower case>.*} configures it)
     * @param overrides      broker properties to add or replace (the listener's SASL users, for example)
     * @param clientSecurity what a client needs to connect ({@code security.protocol}, {@code sasl.*}, {@code ssl.*})
     */
    public EmbeddedKafka(Path logDir, SecurityProtocol protocol, Map<String, String> overrides,
                         Map<String, Object> clientSecurity) {
        this.logDir = logDir.toAbsolutePath();
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        this.protocol = protocol;
        this.overrides = Map.copyOf(overrides);
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    /**
     * @param logDir    where the broker keeps its logs; formatted on first start
     * @param overrides broker properties to add or replace
     */
    public EmbeddedKafka(Path logDir, Map<String, String> overrides) {
        this(logDir, SecurityProtocol.PLAINTEXT, overrides, Map.of());
    }

    public EmbeddedKafka(Path logDir) {
        this(logDir, Map.of());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The bootstrap servers and the security settings a client needs to connect. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(clientSecurity);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    public Path logDir() {
        return logDir;
    }

    /** Formats the log directory if needed, starts the broker and waits until it answers. */
    public synchronized EmbeddedKafka start() {
        long t0 = System.nanoTime();
        Properties props = properties();
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker log directory " + logDir, e);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
        LOG.info("Embedded Kafka broker ready on {} in {} ms (logs in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), logDir);
        return this;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("node.id", "1");
        p.put("process.roles", "broker,controller");
        String listener = protocol.name;
        p.put("listeners", listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default dedupe buffer takes 128 MB of heap; compaction here is small.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        p.put("auto.create.topics.enable", "false");
        // Replayed history keeps its event time as the record timestamp (the demo's NAB series is from 2013, its cards
        // from January 2026), older than the default seven days of time-based retention: every retention check (30 s
        // after start, then every 5 minutes) deleted whole partitions up to their end, and a consumer that had not yet
        // fetched the deleted records (the detector, the trainer) skipped them silently. This broker keeps records
        // whatever their age, and bounds each partition by size instead: its newest GiB, in 128 MiB segments.
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", Long.toString(1L << 30));
        p.put("log.segment.bytes", Integer.toString(128 << 20));
        p.putAll(overrides);
        return p;
    }

    private void format(Properties props) throws IOException {
        Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "embedded Kafka broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting " + logDir + " failed: " + output);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = clientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded broker did not become ready in " + timeout, e);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        }
    }

    /** Stops the broker; {@link #start()} brings it back on the same log directory and ports. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Embedded Kafka broker on {} stopped", bootstrapServers());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
