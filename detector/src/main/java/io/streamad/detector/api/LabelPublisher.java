package io.streamad.detector.api;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.streamad.avro.AnomalyLabel;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.config.DetectorConfig;
import io.streamad.trainer.config.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes {@link AnomalyLabel}s to the labels topic, keyed by the labelled key, as Avro single-object messages (what
 * the trainer reads). Its producer is opened on the first label and closed with the service.
 */
@Singleton
final class LabelPublisher implements AutoCloseable {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> clientConfig;
    private final String topic;
    private final AvroSerde<AnomalyLabel> serde = AvroSerde.of(AnomalyLabel.class);
    private KafkaProducer<byte[], byte[]> producer;

    LabelPublisher(KafkaDefaultConfiguration kafka, DetectorConfig config) {
        this.clientConfig = KafkaClients.config(kafka);
        this.topic = config.getTopics().getLabels();
    }

    String topic() {
        return topic;
    }

    /** Sends the label and waits for the broker's acknowledgement. */
    RecordMetadata publish(AnomalyLabel label) throws ExecutionException, TimeoutException, InterruptedException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, label.getKey().getBytes(StandardCharsets.UTF_8),
                serde.encode(label));
        return producer().send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "streamad-labels");
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ACK_TIMEOUT.toMillis());
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
