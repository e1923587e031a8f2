package io.streamad.detector;

import io.micronaut.context.ApplicationContext;
import io.streamad.trainer.config.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad setting stops start-up with one line that names the key, the value and what is wrong with it. */
class BadConfigurationTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "streamad.threshold.k              | -1    | must be greater than or equal to 0.1",
            "streamad.threshold.mode           | bogus | must match",
            "streamad.threshold.quiet          | -3    | must be greater than or equal to 0",
            "streamad.threshold.stuck          | -1    | must be greater than or equal to 0",
            "streamad.batching.max-delay       | abc   | not a duration",
            "streamad.batching.max-delay       | 0s    | must be a positive duration",
            "streamad.topics.partitions        | 0     | must be greater than or equal to 1",
            "streamad.sensors.window           | 0     | must be greater than or equal to 4",
            "streamad.models.source            | ftp   | not one of kafka, directory",
            "streamad.input.max-future-skew    | soon  | not a duration",
            "streamad.startup.broker-wait      | -5s   | must be a positive duration",
            "streamad.transactions.known-merchants | many | not a whole number",
            "streamad.trainer.sample.max-age       | long | not a duration"})
    void shouldFailStartUpNamingTheKeyAndTheValue(String key, String value, String problem) {
        Map<String, Object> props = BrokerlessDetector.properties(work, Map.of(key, value));

        assertThatThrownBy(() -> Application.start(ApplicationContext.builder().properties(props)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("Invalid configuration: " + key + " = " + value + ": ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldFailStartUpWhenTwoTopicSettingsNameOneTopic() {
        Map<String, Object> props = BrokerlessDetector.properties(work, Map.of(
                "streamad.topics.labels", "anomalies", "streamad.sources.plant.topic", "sensor-readings",
                "streamad.sources.plant.fields.value", "payload.temperature"));

        assertThatThrownBy(() -> Application.start(ApplicationContext.builder().properties(props)).close())
                .isInstanceOf(StartupException.class)
                .hasMessage("Invalid configuration: streamad.topics.labels = anomalies: the topic of streamad.topics.anomalies"
                        + " too; each needs a topic of its own; streamad.sources.plant.topic = sensor-readings: the topic of"
                        + " streamad.topics.sensors too; each needs a topic of its own");
    }
}
