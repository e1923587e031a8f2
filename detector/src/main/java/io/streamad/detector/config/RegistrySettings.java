package io.streamad.detector.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code streamad.registry.*}: the schema registry that {@code registry-avro} sources are read through.
 * {@code url} is the registry's Apicurio API ({@code http://registry:8080/apis/registry/v3}); other Apicurio
 * serde settings (authentication, caching) pass through under {@code properties}, without their
 * {@code apicurio.registry.} prefix.
 */
@ConfigurationProperties("streamad.registry")
public interface RegistrySettings {

    Optional<String> getUrl();

    @Bindable(defaultValue = "")
    Map<String, String> getProperties();

    /** With a registry: write scores and anomalies in its wire format, their schemas registered as {@code <topic>-value}. */
    @Bindable(defaultValue = "true")
    boolean isFrameOutputs();

    /** The Apicurio serde configuration, empty when no registry is configured. */
    default Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        getUrl().filter(u -> !u.isBlank()).ifPresent(url -> {
            getProperties().forEach((k, v) -> config.put("apicurio.registry." + k, v));
            config.put("apicurio.registry.url", url);
        });
        return config;
    }
}
