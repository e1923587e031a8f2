package io.streamad.detector.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.streamad.detector.embedded.EmbeddedDefault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks operator credentials in constant time, and says whether actions are open: only in the embedded demo
 * with no credentials configured. Created at start-up, so that half-configured credentials stop the service
 * and the open demo says so in the log.
 */
@Context
public final class OperatorAccess {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAccess.class);
    static final String KEYS = "streamad.security.operator.username/password or streamad.security.operator.token";

    private final Optional<byte[]> user;
    private final Optional<byte[]> password;
    private final Optional<byte[]> token;
    private final boolean open;

    OperatorAccess(OperatorConfig config, Environment environment) {
        if ((config.getUsername() == null) != (config.getPassword() == null)) {
            throw new IllegalStateException("streamad.security.operator.username and streamad.security.operator.password "
                    + "go together: set both, or neither");
        }
        this.user = Optional.ofNullable(config.getUsername()).map(OperatorAccess::digest);
        this.password = Optional.ofNullable(config.getPassword()).map(OperatorAccess::digest);
        this.token = Optional.ofNullable(config.getToken()).map(OperatorAccess::digest);
        this.open = !configured() && environment.getActiveNames().contains(EmbeddedDefault.ENVIRONMENT);
        if (open) {
            LOG.warn("Operator actions (POST /models/...) are UNAUTHENTICATED in the embedded demo: anyone who reaches "
                    + "this port can pin or roll back models. Set {} to require credentials.", KEYS);
        } else if (!configured()) {
            LOG.warn("No operator credentials configured: operator actions (POST /models/...) are refused. Set {}.", KEYS);
        } else {
            LOG.info("Operator actions need {}", user.isPresent() && token.isPresent() ? "HTTP basic credentials or the bearer token"
                    : user.isPresent() ? "HTTP basic credentials" : "the bearer token");
        }
    }

    /** Whether actions are allowed without credentials (the embedded demo with none configured). */
    public boolean open() {
        return open;
    }

    public boolean configured() {
        return user.isPresent() || token.isPresent();
    }

    /** Whether both match the configured pair; false when none is configured. */
    public boolean matchesBasic(String givenUser, String givenPassword) {
        if (user.isEmpty()) {
            return false;
        }
        // both compared, always: the time taken says nothing about which one was wrong
        boolean userMatches = MessageDigest.isEqual(user.get(), digest(givenUser));
        boolean passwordMatches = MessageDigest.isEqual(password.get(), digest(givenPassword));
        return userMatches & passwordMatches;
    }

    /** Whether it matches the configured token; false when none is configured. */
    public boolean matchesToken(String givenToken) {
        return token.isPresent() && MessageDigest.isEqual(token.get(), digest(givenToken));
    }

    /** Comparing digests, not the secrets, keeps the comparison's time independent of the secret's length too. */
    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
