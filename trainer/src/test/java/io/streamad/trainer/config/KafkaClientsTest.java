package io.streamad.trainer.config;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The product's own Kafka clients get the security settings given under {@code kafka.*}. */
class KafkaClientsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"trainer\" password=\"secret\";";

    @Test
    void shouldPassSaslAndSslSettingsThroughAndLeaveServiceKeysOut() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "kafka.bootstrap.servers", "broker-1:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "kafka.ssl.truststore.password", "changeit",
                "kafka.health.enabled", true,
                "kafka.streams.default.application.id", "not-for-plain-clients"))) {

            Map<String, Object> config = KafkaClients.config(context.getBean(KafkaDefaultConfiguration.class));

            assertThat(config).containsEntry("bootstrap.servers", "broker-1:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                    .containsEntry("ssl.truststore.password", "changeit")
                    .doesNotContainKeys("health.enabled", "application.id", "streams.default.application.id");
        }
    }
}
