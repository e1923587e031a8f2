package io.streamad.detector;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped dashboard imports into Grafana with its Prometheus chosen at import, and every panel queries
 * something. That every metric it names exists is {@code MetricsIT}'s job, against a running detector.
 */
class GrafanaDashboardTest {

    private final GrafanaDashboard dashboard = GrafanaDashboard.load();

    @Test
    void shouldAskForItsPrometheusDataSourceAtImport() {
        JsonNode json = dashboard.json();
        assertThat(json.path("__inputs")).anySatisfy(input -> {
            assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
            assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        });
        assertThat(json.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<JsonNode> panels = dashboard.panels().stream().filter(p -> !p.path("type").asText().equals("row")).toList();
        assertThat(panels).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.path("expr").asText()).isNotBlank());
        });
        assertThat(dashboard.panels()).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
    }

    @Test
    void shouldShowEveryOperatorsMetric() {
        assertThat(dashboard.metricNames()).contains(
                "streamad_records_scored_total", "streamad_anomalies_total", "streamad_dead_letters_total",
                "streamad_inference_batch_size_sum", "streamad_inference_latency_seconds_bucket", "streamad_model_info",
                "streamad_models_installed_total", "streamad_models_rejected_total", "streamad_retrain_duration_seconds_count",
                "streamad_threshold", "kafka_streams_records_lag_max_records");
    }

    @Test
    void shouldReadOnlyMetricNamesOutOfAQuery() {
        assertThat(GrafanaDashboard.metricNames(
                "histogram_quantile(0.99, sum by (kind, le) (rate(streamad_inference_latency_seconds_bucket{kind=~\"$kind\"}[$__rate_interval])))"))
                .containsExactly("streamad_inference_latency_seconds_bucket");
        assertThat(GrafanaDashboard.metricNames("time() - max by (kind) (streamad_model_created_timestamp_seconds offset 5m)"))
                .containsExactly("streamad_model_created_timestamp_seconds");
        assertThat(GrafanaDashboard.metricNames("sum(rate(a_total[1h])) / on (kind) group_left b > bool 1e3"))
                .containsExactly("a_total", "b");
    }
}
