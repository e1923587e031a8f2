package io.streamad.detector.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.streamad.detector.BrokerlessDetector;
import io.streamad.detector.embedded.EmbeddedDefault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operator actions need the configured credentials, reads do not, and with no credentials actions are refused
 * except in the embedded demo. No broker: Kafka Streams is not started and models come from a directory, so an
 * accepted action answers 409 (it needs the kafka model source), which is past authentication.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorAuthenticationTest {

    private static final String PASSWORD = "s3cret-pass";
    private static final String TOKEN = "0123456789abcdef-token";

    @TempDir
    static Path work;
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedServer secured;

    @BeforeAll
    void start() {
        secured = start(Map.of("streamad.security.operator.username", "ops",
                "streamad.security.operator.password", PASSWORD,
                "streamad.security.operator.token", TOKEN));
    }

    @AfterAll
    void stop() {
        if (secured != null) {
            secured.getApplicationContext().close();
        }
    }

    private EmbeddedServer start(Map<String, Object> overrides, String... environments) {
        Map<String, Object> props = BrokerlessDetector.properties(work, Map.of(
                "kafka.health.enabled", false,
                "kafka.streams.default.state.dir", work.resolve("streams-" + UUID.randomUUID()).toString()));
        props.putAll(overrides);
        ApplicationContext context = ApplicationContext.builder(environments).properties(props).start();
        return context.getBean(EmbeddedServer.class).start();
    }

    private HttpResponse<String> post(EmbeddedServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(secured.getURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAnActionWithoutCredentials() throws Exception {
        HttpResponse<String> response = post(secured, "/models/sensor/rollback", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("operator actions need credentials");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void shouldRefuseAWrongPasswordOrUserOrToken() throws Exception {
        assertThat(post(secured, "/models/sensor/rollback", basic("ops", "wrong-password")).statusCode()).isEqualTo(401);
        assertThat(post(secured, "/models/sensor/resume", basic("admin", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(post(secured, "/models/sensor/resume", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAcceptTheRightPassword() throws Exception {
        HttpResponse<String> response = post(secured, "/models/sensor/rollback", basic("ops", PASSWORD));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("need streamad.models.source=kafka");
    }

    @Test
    void shouldAcceptTheRightToken() throws Exception {
        HttpResponse<String> response = post(secured, "/models/sensor/resume", "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("need streamad.models.source=kafka");
    }

    @Test
    void shouldKeepReadsOpenWithoutCredentials() throws Exception {
        assertThat(get("/models").statusCode()).isEqualTo(200);
        assertThat(get("/models/sensor").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
        assertThat(get("/prometheus").statusCode()).isEqualTo(200);
        // Kafka Streams is not started here, so health may be DOWN (503); it must not be refused
        assertThat(get("/health").statusCode()).isNotIn(401, 403);
    }

    @Test
    void shouldRefuseActionsWhenNoCredentialsAreConfigured() throws Exception {
        EmbeddedServer server = start(Map.of());
        try {
            HttpResponse<String> response = post(server, "/models/sensor/rollback", basic("ops", PASSWORD));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("no operator credentials are configured")
                    .contains("streamad.security.operator.token");
        } finally {
            server.getApplicationContext().close();
        }
    }

    @Test
    void shouldLeaveActionsOpenInTheEmbeddedDemoWithoutCredentials() throws Exception {
        EmbeddedServer server = start(Map.of(), EmbeddedDefault.ENVIRONMENT);
        try {
            assertThat(server.getApplicationContext().getBean(OperatorAccess.class).open()).isTrue();
            assertThat(post(server, "/models/sensor/rollback", null).statusCode()).isEqualTo(409);
        } finally {
            server.getApplicationContext().close();
        }
    }

    @Test
    void shouldRefuseToStartWithAUsernameButNoPassword() {
        assertThatThrownBy(() -> start(Map.of("streamad.security.operator.username", "ops")).getApplicationContext().close())
                .rootCause()
                .hasMessageContaining("streamad.security.operator.username and streamad.security.operator.password go together");
    }
}
