package io.streamad.trainer.config;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The {@code kafka.*} settings (servers, security, timeouts) that plain Kafka clients accept. */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static Map<String, Object> config(KafkaDefaultConfiguration kafka) {
        Set<String> known = new HashSet<>(ConsumerConfig.configNames());
        known.addAll(ProducerConfig.configNames());
        Map<String, Object> config = new HashMap<>();
        kafka.getConfig().forEach((k, v) -> {
            if (known.contains(k.toString())) {
                config.put(k.toString(), v);
            }
        });
        return config;
    }
}
