package io.streamad.trainer.service;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.Map;

/** {@code /health} shows the trainer DOWN until it has started, and after another trainer fenced it. */
@Singleton
@Requires(property = "streamad.trainer.enabled", value = "true")
final class TrainerHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final TrainerService trainer;

    TrainerHealthIndicator(TrainerService trainer) {
        this.trainer = trainer;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = trainer.healthy() ? HealthStatus.UP : HealthStatus.DOWN;
        return Map.of("families", trainer.status().keySet());
    }

    @Override
    protected String getName() {
        return "trainer";
    }
}
