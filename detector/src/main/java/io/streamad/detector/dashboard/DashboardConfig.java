package io.streamad.detector.dashboard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The live dashboard, under {@code streamad.dashboard.*}. Memory is bounded by {@code keys x points-per-key}
 * score points and {@code anomalies} events, whatever the traffic.
 */
@ConfigurationProperties("streamad.dashboard")
public interface DashboardConfig {

    /** Serve {@code /dashboard} and {@code /api/live/*}; the feed starts with the first request. */
    @Bindable(defaultValue = "true") boolean isEnabled();

    /** Keys whose recent scores are kept; past it the least recently scored key without anomalies goes first. */
    @Bindable(defaultValue = "100") @Min(1) @Max(100_000) int getKeys();

    /** Score points kept per key. */
    @Bindable(defaultValue = "300") @Min(2) @Max(100_000) int getPointsPerKey();

    /** Latest anomaly events kept. */
    @Bindable(defaultValue = "50") @Min(1) @Max(10_000) int getAnomalies();

    /** Records per partition read back from before the feed started, so the first page is not empty. */
    @Bindable(defaultValue = "1000") @Min(0) int getHistory();

    /**
     * Where the trainer answers {@code GET /trainer} ({@code http://streamad-trainer:8080}) when it runs as its own
     * service: the dashboard shows its refused candidates too. Unset: the trainer in this process, if any.
     */
    Optional<URI> getTrainerUrl();

    /** How often throughput, lag and dead-letter counts are sent. */
    @Bindable(defaultValue = "2s") @NotNull Duration getStatsInterval();
}
