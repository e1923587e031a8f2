package io.streamad.detector.security;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A refused action says why, in the API's {@code {"error": ...}} form: 401 with a basic challenge when no
 * valid credentials came, and names the keys to set when none are configured.
 */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class OperatorRefusal implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final OperatorAccess access;

    OperatorRefusal(OperatorAccess access) {
        this.access = access;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return error(HttpResponse.status(HttpStatus.FORBIDDEN), "forbidden: this endpoint is closed to operator credentials");
        }
        String message = access.configured()
                ? "operator actions need credentials: HTTP basic (username and password) or Authorization: Bearer <token>"
                : "operator actions are refused: no operator credentials are configured (set " + OperatorAccess.KEYS + ")";
        return error(HttpResponse.unauthorized(), message)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"streamad operator\"");
    }

    private static MutableHttpResponse<String> error(MutableHttpResponse<?> response, String message) {
        String json = JsonNodeFactory.instance.objectNode().put("error", message).toString();
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(json);
    }
}
