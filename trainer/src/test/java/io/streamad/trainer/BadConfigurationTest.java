package io.streamad.trainer;

import io.micronaut.context.ApplicationContext;
import io.streamad.trainer.config.StartupException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad trainer setting stops the trainer's start-up with one line that names the key, the value and the fault. */
class BadConfigurationTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "streamad.trainer.sample.max-rows          | many  | not a whole number",
            "streamad.trainer.sample.max-rows          | 5     | must be greater than or equal to 100",
            "streamad.trainer.sample.max-age           | -1d   | must be a positive duration",
            "streamad.trainer.retrain.interval         | soon  | not a duration",
            "streamad.trainer.retrain.holdout-fraction | 0.9   | must be less than or equal to 0.5",
            "streamad.trainer.retrain.warm-start       | maybe | not true or false",
            "streamad.trainer.gate.tolerance           | 0.5   | must be greater than or equal to 1.0",
            "streamad.trainer.publish.chunk-size       | 100   | must be greater than or equal to 1024",
            "streamad.trainer.scores-topic             | ' '   | must not be blank",
            "streamad.sensors.window                   | 0     | must be greater than or equal to 4"})
    void shouldFailStartUpNamingTheKeyAndTheValue(String key, String value, String problem) {
        assertThatThrownBy(() -> start(Map.of(key, value)))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("Invalid configuration: " + key + " = " + value + ": ")
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void shouldFailStartUpWhenTheLagsReachBeyondTheWindowButTakeAShortWindowWhole() {
        assertThatThrownBy(() -> start(Map.of("streamad.sensors.window", 16, "streamad.sensors.lags", 30)))
                .isInstanceOf(StartupException.class)
                .hasMessage("streamad.sensors.lags (30) must be at most streamad.sensors.window (16): the lags are read from the window");
        // no lags set: the default 30 shrinks to a shorter window, and the trainer starts (it waits for its broker running)
        assertThatCode(() -> start(Map.of("streamad.sensors.window", 16))).doesNotThrowAnyException();
    }

    @Test
    void shouldFailStartUpWhenTwoTopicSettingsNameOneTopic() {
        assertThatThrownBy(() -> start(Map.of("streamad.trainer.labels-topic", "models")))
                .isInstanceOf(StartupException.class)
                .hasMessage("Invalid configuration: streamad.trainer.labels-topic = models: the topic of"
                        + " streamad.trainer.models-topic too; each needs a topic of its own");
    }

    private void start(Map<String, Object> settings) {
        Map<String, Object> props = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "micronaut.server.port", -1,
                "streamad.trainer.enabled", true,
                "streamad.trainer.work-dir", work.toString()));
        props.putAll(settings);
        TrainerApplication.start(ApplicationContext.builder(TrainerApplication.class).environments("trainer").properties(props)).close();
    }
}
