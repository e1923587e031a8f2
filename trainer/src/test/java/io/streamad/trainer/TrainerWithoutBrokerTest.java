package io.streamad.trainer;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.streamad.trainer.service.TrainerService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trainer comes up while its broker is away, says so, and keeps trying in the background. */
class TrainerWithoutBrokerTest {

    @TempDir
    Path work;

    @Test
    void shouldStartAndReportItselfDownWhileTheBrokerIsUnreachable() throws Exception {
        Map<String, Object> props = Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:1",
                "micronaut.server.port", -1,
                "streamad.trainer.enabled", true,
                "streamad.trainer.work-dir", work.toString());

        // when
        try (ApplicationContext context = TrainerApplication.start(ApplicationContext.builder(TrainerApplication.class)
                .environments("trainer").properties(props))) {
            // then
            assertThat(context.getBean(TrainerService.class).healthy()).isFalse();
            URI status = URI.create(context.getBean(EmbeddedServer.class).getURL() + "/trainer");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(status).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("sensor").contains("\"sampleRows\":0");
        }
    }
}
