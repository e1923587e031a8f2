package io.streamad.detector.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import jakarta.inject.Singleton;

/** HTTP basic authentication ({@code Authorization: Basic ...}) against the operator's username and password. */
@Singleton
final class OperatorPasswordProvider<B> implements HttpRequestAuthenticationProvider<B> {

    private final OperatorAccess access;

    OperatorPasswordProvider(OperatorAccess access) {
        this.access = access;
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request, AuthenticationRequest<String, String> credentials) {
        String user = credentials.getIdentity() == null ? "" : credentials.getIdentity();
        String password = credentials.getSecret() == null ? "" : credentials.getSecret();
        return access.matchesBasic(user, password)
                ? AuthenticationResponse.success(user)
                : AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }
}
