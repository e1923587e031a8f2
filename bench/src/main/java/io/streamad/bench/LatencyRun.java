package io.streamad.bench;

import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers records at a fixed rate to a running detector, each timestamped with its send time, and measures
 * when its scored record becomes visible to a read_committed consumer (the output carries the input's timestamp).
 */
final class LatencyRun {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyRun.class);

    private final BenchCluster cluster;
    private final StreamsRun runner;

    LatencyRun(BenchCluster cluster, StreamsRun runner) {
        this.cluster = cluster;
        this.runner = runner;
    }

    /**
     * @param properties the detector's Streams settings; the same application id as its throughput run, so its
     *                   keys are warm and it starts where that run stopped
     * @param firstIndex the reading index (per sensor) the offered records start at
     */
    Latency measure(Topology topology, Properties properties, String input, List<String> outputs, SensorData data,
                    long firstIndex, double rate, Duration duration, Duration warmUp) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (KafkaConsumer<byte[], byte[]> reader = runner.committedReader(outputs, true);
             KafkaStreams streams = new KafkaStreams(topology, properties)) {
            StreamsRun.startAndAwaitRunning(streams, error);
            long measureFrom = System.currentTimeMillis() + warmUp.toMillis();
            AtomicLong sent = new AtomicLong();
            long cpu0 = ProcessStats.cpuNanos();
            long t0 = System.nanoTime();
            Thread producer = new Thread(() -> offer(input, data, firstIndex, rate, duration, sent, error), "bench-offered-load");
            producer.start();
            long[] samples = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) (rate * duration.toSeconds()) + 1024)];
            int n = 0;
            long seen = 0;
            long drainDeadline = Long.MAX_VALUE;
            while (error.get() == null && (producer.isAlive() || seen < sent.get()) && System.nanoTime() < drainDeadline) {
                for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    seen++;
                    if (r.timestamp() >= measureFrom && n < samples.length) {
                        samples[n++] = now - r.timestamp();
                    }
                }
                if (!producer.isAlive() && drainDeadline == Long.MAX_VALUE) {
                    drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (error.get() != null) {
                throw new IllegalStateException("latency run failed", error.get());
            }
            Latency latency = Latency.of(rate, sent.get() / (double) duration.toSeconds(), java.util.Arrays.copyOf(samples, n),
                    (ProcessStats.cpuNanos() - cpu0) / 1e9 / seconds);
            LOG.info("latency at {} records/s offered: p50 {} ms, p99 {} ms, p99.9 {} ms ({} samples, {} of {} outputs seen)",
                    String.format("%.0f", rate), latency.p50(), latency.p99(), latency.p999(), n, seen, sent.get());
            StreamsRun.close(streams);
            return latency;
        }
    }

    /** Sends at {@code rate} records/s for {@code duration}, on schedule: a late send does not shift the later ones. */
    private void offer(String topic, SensorData data, long firstIndex, double rate, Duration duration, AtomicLong sent,
                       AtomicReference<Throwable> error) {
        Map<String, Object> config = cluster.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        long total = (long) (rate * duration.toSeconds());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (long n = 0; n < total && error.get() == null; n++) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                SensorReading r = data.reading((int) (n % data.sensors()), firstIndex + n / data.sensors());
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), r.getSensorId(), serde.encode(r)),
                        (metadata, e) -> {
                            if (e != null) {
                                error.compareAndSet(null, e);
                            }
                        });
                sent.incrementAndGet();
            }
        } catch (RuntimeException e) {
            error.compareAndSet(null, e);
        }
    }
}
