package io.streamad.detector;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The services' logback configurations: plain lines unless JSON is asked for, then one JSON object per line. */
class LogFormatTest {

    private static final String FORMAT = "streamad.log.format";

    @ParameterizedTest
    @ValueSource(strings = {"src/main/resources/logback.xml", "../trainer/src/main/resources/logback-trainer.xml"})
    void shouldLogOneJsonObjectPerLineWhenAskedFor(String config) throws Exception {
        String out = log(Path.of(config), "json");

        assertThat(out.lines()).hasSize(2);
        JsonNode line = new ObjectMapper().readTree(out.lines().findFirst().orElseThrow());
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("io.streamad.detector.Probe");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("scored 42 records from \"pump-1\"");
        assertThat(line.path("timestamp").asLong()).isPositive();
        JsonNode error = new ObjectMapper().readTree(out.lines().skip(1).findFirst().orElseThrow());
        assertThat(error.path("level").asText()).isEqualTo("ERROR");
        assertThat(error.path("throwable").toString()).contains("IllegalStateException").contains("broken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"src/main/resources/logback.xml", "../trainer/src/main/resources/logback-trainer.xml"})
    void shouldLogPlainLinesByDefault(String config) throws Exception {
        assumeTrue(System.getenv("LOG_FORMAT") == null, "LOG_FORMAT is set in this environment");

        String out = log(Path.of(config), null);

        assertThat(out.lines().findFirst().orElseThrow())
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  i\\.s\\.detector\\.Probe - scored 42 records from \"pump-1\"");
    }

    /**
     * Configures a fresh logger context from {@code config}, points its console appender at a buffer of this
     * test's own (System.out is shared with every other thread of the test JVM), and logs an info line and an
     * error with its cause.
     */
    private static String log(Path config, String format) throws Exception {
        String previous = System.getProperty(FORMAT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            if (format == null) {
                System.clearProperty(FORMAT);
            } else {
                System.setProperty(FORMAT, format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config.toFile());
            ((ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"))
                    .setOutputStream(bytes);
            var logger = context.getLogger("io.streamad.detector.Probe");
            logger.info("scored {} records from \"{}\"", 42, "pump-1");
            logger.error("scoring failed", new IllegalStateException("broken"));
        } finally {
            context.stop();
            if (previous == null) {
                System.clearProperty(FORMAT);
            } else {
                System.setProperty(FORMAT, previous);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
