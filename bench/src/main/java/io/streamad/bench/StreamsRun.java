package io.streamad.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs one topology over the preloaded records, from the earliest offset, until all its outputs are committed. */
final class StreamsRun {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRun.class);

    private final BenchCluster cluster;
    private final Path stateDir;
    private final int commitIntervalMs;
    private final int streamThreads;
    private final Duration timeout;

    StreamsRun(BenchCluster cluster, Path stateDir, int commitIntervalMs, int streamThreads, Duration timeout) {
        this.cluster = cluster;
        this.stateDir = stateDir;
        this.commitIntervalMs = commitIntervalMs;
        this.streamThreads = streamThreads;
        this.timeout = timeout;
    }

    /** The detector's Kafka Streams settings (application.yml) under a fresh application id. */
    Properties properties(String applicationId, String guarantee) {
        Properties p = new Properties();
        p.putAll(cluster.clientConfig());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 10 * 1024 * 1024L);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 131072);
        // The latency run restarts the detector's application id: a member that did not leave would hold its
        // partitions for a whole session timeout (45 s by default).
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
        return p;
    }

    /** Starts {@code streams} and returns once it is RUNNING; fails if it dies or does not get there in time. */
    static void startAndAwaitRunning(KafkaStreams streams, AtomicReference<Throwable> error) {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            error.compareAndSet(null, e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        try {
            if (!running.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka Streams not RUNNING after 120 s (state " + streams.state() + ")", error.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka Streams", e);
        }
    }

    /**
     * Runs {@code topology} until {@code expected} records are on {@code outputs}, read committed.
     * The Kafka Streams instance is closed, its local state kept.
     */
    RunResult run(Variant variant, int round, Topology topology, String applicationId, List<String> outputs, long expected) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (KafkaConsumer<byte[], byte[]> counter = committedReader(outputs, false);
             KafkaStreams streams = new KafkaStreams(topology, properties(applicationId, variant.guarantee))) {
            long t0 = System.nanoTime();
            startAndAwaitRunning(streams, error);
            long running = System.nanoTime();
            long cpu0 = ProcessStats.cpuNanos();
            long threadCpu0 = ProcessStats.streamThreadCpuNanos(applicationId);
            long jit0 = ProcessStats.compilationMillis();
            long count = 0;
            long deadline = running + timeout.toNanos();
            while (count < expected) {
                count += counter.poll(Duration.ofMillis(50)).count();
                if (error.get() != null || System.nanoTime() > deadline) {
                    throw new IllegalStateException(variant.id + ": " + count + " of " + expected + " outputs, "
                            + (error.get() != null ? "stream thread died" : "timed out after " + timeout), error.get());
                }
            }
            long end = System.nanoTime();
            double seconds = (end - running) / 1e9;
            Double jitCores = jit0 < 0 ? null : (ProcessStats.compilationMillis() - jit0) / 1e3 / seconds;
            RunResult result = new RunResult(variant.id, round, variant.guarantee, expected, count, (running - t0) / 1e9, seconds,
                    expected / seconds, (ProcessStats.cpuNanos() - cpu0) / 1e9 / seconds,
                    (ProcessStats.streamThreadCpuNanos(applicationId) - threadCpu0) / 1e9 / seconds, jitCores,
                    ProcessStats.rssMib());
            LOG.info("{}{}: {} records in {} s = {} records/s, {} cores ({} in the stream thread, {} compiling), RSS {} MiB",
                    variant.id, round > 0 ? " (round " + round + ")" : " (warm-up)", expected, String.format("%.2f", seconds),
                    String.format("%.0f", result.rps()), String.format("%.2f", result.cpuCores()),
                    String.format("%.2f", result.streamThreadCores()), result.jitCores() == null ? "?" : String.format("%.2f", result.jitCores()),
                    String.format("%.0f", result.rssMib()));
            close(streams);
            return result;
        }
    }

    /** Closes {@code streams}, leaving its group so that the next instance with its application id starts at once. */
    static void close(KafkaStreams streams) {
        streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(60)));
    }

    /** A read_committed consumer assigned to every partition of {@code topics}, at their start or end. */
    KafkaConsumer<byte[], byte[]> committedReader(List<String> topics, boolean fromEnd) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve now, before anything new is written
        } else {
            consumer.seekToBeginning(partitions);
        }
        return consumer;
    }
}
