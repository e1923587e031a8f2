package io.streamad.detector.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Set;

/**
 * Reads are open; everything else (POST, PUT, DELETE, PATCH) is an operator action and needs an authenticated
 * operator, unless {@link OperatorAccess#open()}. Runs after the library's rules, so an endpoint marked
 * sensitive stays closed even to a GET.
 */
@Singleton
final class OperatorActionRule implements SecurityRule<HttpRequest<?>> {

    static final int ORDER = 100;
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final OperatorAccess access;

    OperatorActionRule(OperatorAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        boolean allowed = READS.contains(request.getMethod()) || authentication != null || access.open();
        return Publishers.just(allowed ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
