package io.streamad.detector.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Bearer authentication ({@code Authorization: Bearer <token>}) against the operator's token. */
@Singleton
final class OperatorTokenValidator implements TokenValidator<HttpRequest<?>> {

    /** The name the token's holder acts under, in logs and audit events. */
    static final String OPERATOR = "operator-token";

    private final OperatorAccess access;

    OperatorTokenValidator(OperatorAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        return access.matchesToken(token) ? Publishers.just(Authentication.build(OPERATOR)) : Publishers.empty();
    }
}
