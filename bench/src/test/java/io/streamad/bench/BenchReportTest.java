package io.streamad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    private static final BenchReport.Machine MACHINE = new BenchReport.Machine(2, "Linux", "JVM", 2048, "in-process", "1.0 1.0 1.0", "1.0 1.0 1.0");
    private static final BenchReport.Settings SETTINGS = new BenchReport.Settings(1000, 0, 1, 3, 10, 100, 1, 256, 20, Map.of());

    @Test
    void shouldWriteTheFiguresTheIssueNamesUnderTheirSnakeCaseNames() throws Exception {
        // given
        List<RunResult> runs = List.of(
                new RunResult("passthrough", 1, "exactly_once_v2", 1000, 1000, 1, 0.1, 10_000, 1.5, 0.9, 0.1, 600),
                new RunResult("detector", 1, "exactly_once_v2", 1000, 1000, 1, 0.125, 8_000, 1.8, 0.9, 0.1, 700),
                new RunResult("per_record", 1, "exactly_once_v2", 1000, 1000, 1, 2.5, 400, 1.2, 0.9, 0.1, 700),
                new RunResult("at_least_once", 1, "at_least_once", 1000, 1000, 1, 0.1, 10_000, 1.7, 0.9, 0.1, 700));
        Latency latency = Latency.of(4000, 3990, new long[] {120, 100, 110, 150}, 1.1);

        // when
        JsonNode json = new ObjectMapper().readTree(BenchReport.of(MACHINE, SETTINGS, runs, latency, List.of()).toJson());

        // then
        assertThat(json.get("passthrough_rps").asDouble()).isEqualTo(10_000);
        assertThat(json.get("detector_rps").asDouble()).isEqualTo(8_000);
        assertThat(json.get("per_record_rps").asDouble()).isEqualTo(400);
        assertThat(json.get("at_least_once_rps").asDouble()).isEqualTo(10_000);
        assertThat(json.at("/ratios/detector_over_passthrough").asDouble()).isEqualTo(0.8);
        assertThat(json.at("/ratios/detector_over_per_record").asDouble()).isEqualTo(20);
        assertThat(json.at("/latency_ms/p50").asDouble()).isEqualTo(110);
        assertThat(json.at("/latency_ms/p99").asDouble()).isEqualTo(150);
        assertThat(json.at("/latency_ms/p99_9").asDouble()).isEqualTo(150);
    }

    @Test
    void shouldLeaveFiguresOfVariantsThatDidNotRunEmpty() throws Exception {
        List<RunResult> runs = List.of(new RunResult("detector", 1, "exactly_once_v2", 1000, 1000, 1, 0.125, 8_000, 1.8, 0.9, 0.1, 700));

        JsonNode json = new ObjectMapper().readTree(BenchReport.of(MACHINE, SETTINGS, runs, null, List.of()).toJson());

        assertThat(json.get("passthrough_rps").isNull()).isTrue();
        assertThat(json.at("/ratios/detector_over_passthrough").isNull()).isTrue();
        assertThat(json.get("detector_rps").asDouble()).isEqualTo(8_000);
    }

    @Test
    void shouldReportEachVariantsMedianOverItsRoundsAndTheRatiosOfTheMedians() throws Exception {
        // given: three rounds, the detector's middle run is not its first, and the pass-through has one slow round
        List<RunResult> runs = List.of(
                run("passthrough", 1, 10_000), run("detector", 1, 9_000),
                run("passthrough", 2, 4_000), run("detector", 2, 5_000),
                run("passthrough", 3, 12_000), run("detector", 3, 6_000));
        BenchReport.Settings settings = new BenchReport.Settings(1000, 0, 3, 3, 10, 100, 1, 256, 20, Map.of());

        // when
        JsonNode json = new ObjectMapper().readTree(BenchReport.of(MACHINE, settings, runs, null, List.of()).toJson());

        // then
        assertThat(json.get("passthrough_rps").asDouble()).isEqualTo(10_000);
        assertThat(json.get("detector_rps").asDouble()).isEqualTo(6_000);
        assertThat(json.at("/ratios/detector_over_passthrough").asDouble()).isEqualTo(0.6);
        assertThat(json.get("runs")).hasSize(6);
        assertThat(json.at("/runs/3/round").asInt()).isEqualTo(2);
        assertThat(json.at("/runs/3/jit_cores").asDouble()).isEqualTo(0.1);
        assertThat(json.at("/settings/rounds").asInt()).isEqualTo(3);
    }

    @Test
    void shouldWriteAnUnmeasuredCompileTimeAsNull() throws Exception {
        List<RunResult> runs = List.of(new RunResult("detector", 1, "exactly_once_v2", 1000, 1000, 1, 0.125, 8_000, 1.8, 0.9, null, 700));

        JsonNode json = new ObjectMapper().readTree(BenchReport.of(MACHINE, SETTINGS, runs, null, List.of()).toJson());

        assertThat(json.at("/runs/0/jit_cores").isNull()).isTrue();
        assertThat(ReportTable.of(BenchReport.of(MACHINE, SETTINGS, runs, null, List.of()))).contains("| 0.90 | n/a | 700 |");
    }

    @Test
    void shouldTakeTheMeanOfTheMiddleTwoOfAnEvenNumberOfRounds() {
        List<RunResult> runs = List.of(run("detector", 1, 100), run("detector", 2, 400), run("detector", 3, 200),
                run("detector", 4, 300));

        assertThat(BenchReport.median(runs, Variant.DETECTOR)).isEqualTo(250);
        assertThat(BenchReport.median(runs, Variant.PASSTHROUGH)).isNull();
    }

    private static RunResult run(String variant, int round, double rps) {
        return new RunResult(variant, round, "exactly_once_v2", 1000, 1000, 1, 1000 / rps, rps, 1.5, 0.9, 0.1, 700);
    }

    @Test
    void shouldTakeNearestRankPercentiles() {
        long[] sorted = new long[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(Latency.percentile(sorted, 0.5)).isEqualTo(500);
        assertThat(Latency.percentile(sorted, 0.99)).isEqualTo(990);
        assertThat(Latency.percentile(sorted, 0.999)).isEqualTo(999);
        assertThat(Latency.percentile(new long[0], 0.99)).isNaN();
    }
}
