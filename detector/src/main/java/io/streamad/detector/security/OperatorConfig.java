package io.streamad.detector.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The operator's credentials under {@code streamad.security.operator.*}: a username and password (HTTP basic),
 * a bearer token, or both. With none, operator actions are refused (except in the embedded demo).
 */
@ConfigurationProperties("streamad.security.operator")
public interface OperatorConfig {

    /** HTTP basic user name; needs {@code password}. */
    @Nullable @Pattern(regexp = "[^:\\s]+", message = "must be non-blank, without ':' or spaces") String getUsername();

    /** HTTP basic password; needs {@code username}. */
    @Nullable @Size(min = 8, message = "must be at least 8 characters") String getPassword();

    /** Accepted as {@code Authorization: Bearer <token>}. */
    @Nullable @Size(min = 16, message = "must be at least 16 characters") String getToken();
}
