package io.streamad.detector.it;

import io.streamad.avro.SensorReading;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.TestModels;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * A known stream of sensor readings: {@code keys} sensors with {@code perKey} readings each, in time
 * order, and one large spike on every third sensor (the injected anomalies). It is sent on a background
 * thread at a steady pace so that a test can break things while it flows.
 */
final class SensorStream {

    private final List<String> keys;
    private final List<SensorReading> readings = new ArrayList<>();
    private final List<SensorReading> spikes = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread sender;

    SensorStream(int keys, int perKey, long seed) {
        this.keys = IntStream.range(0, keys).mapToObj(k -> String.format("machine-%02d", k)).toList();
        Random random = new Random(seed);
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                String key = this.keys.get(k);
                SensorReading r = TestModels.normalReading(key, i, random);
                if (k % 3 == 0 && i == spikeAt(k, perKey)) {
                    r = TestModels.reading(key, i, r.getMeasurements().get("temp") + 25);
                    spikes.add(r);
                }
                readings.add(r);
            }
        }
    }

    /** Spikes come after the warm-up and the keys' own thresholds (100 scores), spread over the stream. */
    private static int spikeAt(int key, int perKey) {
        return 150 + (key * 37) % Math.max(1, perKey - 200);
    }

    List<SensorReading> readings() {
        return readings;
    }

    List<SensorReading> spikes() {
        return spikes;
    }

    List<String> keys() {
        return keys;
    }

    int size() {
        return readings.size();
    }

    int sent() {
        return sent.get();
    }

    /** Sends every reading at about {@code perSecond}, in order, on a background thread. */
    void sendInBackground(KafkaProducer<byte[], byte[]> producer, String topic, int perSecond) {
        AvroSerde<SensorReading> serde = AvroSerde.of(SensorReading.class);
        sender = new Thread(() -> {
            long start = System.nanoTime();
            try {
                for (SensorReading r : readings) {
                    producer.send(new ProducerRecord<>(topic, r.getSensorId().getBytes(StandardCharsets.UTF_8), serde.encode(r)),
                            (meta, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    int n = sent.incrementAndGet();
                    long due = start + n * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
                producer.flush();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }, "sensor-stream");
        sender.setDaemon(true);
        sender.start();
    }

    /** Waits for the sender to hand every record to Kafka; fails if a send failed. */
    void awaitSent() throws InterruptedException {
        sender.join();
        if (failure.get() != null) {
            throw new IllegalStateException("sending the stream failed", failure.get());
        }
    }
}
