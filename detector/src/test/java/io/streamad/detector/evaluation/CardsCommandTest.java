package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code evaluate cards} end to end on a small simulation: the real topology and the trainer's loop on
 * event time must catch most injected fraud incidents with few events on genuine purchases, and the report
 * and per-transaction file must account for every transaction and incident.
 */
class CardsCommandTest {

    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldCatchMostSimulatedFraudIncidentsWithFewAlertsOnGenuinePurchases() throws IOException {
        Path out = root.resolve("out");
        EvaluateRun run = EvaluateRun.of(SmallCardSimulation.cardsArgs("--out", out.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertThat(report.path("dataset").asText()).isEqualTo("cards");
        JsonNode cards = report.path("cards");
        assertThat(cards.path("incidents").asInt()).isEqualTo(SmallCardSimulation.judgedIncidents());
        assertThat(cards.path("caught").asInt()).isGreaterThanOrEqualTo((int) Math.ceil(0.7 * cards.path("incidents").asInt()));
        assertThat(cards.path("false_alerts_per_10k").asDouble()).isLessThan(100);
        assertThat(cards.path("average_precision").asDouble()).isGreaterThan(0.5);
        assertThat(report.path("modelsAccepted").asInt()).isPositive();
        assertThat(report.path("models").size())
                .isEqualTo(report.path("modelsAccepted").asInt() + report.path("modelsRejected").asInt());
        assertThat(report.has("precision") && report.has("recall") && report.has("f1")).isTrue();

        List<String> records = Files.readAllLines(out.resolve("records/transactions.csv"));
        assertThat(records).hasSize(report.path("transactions").asInt() + 1);
        assertThat(records.get(0)).startsWith("row,transaction_id,card_id,event_time,");
        assertThat(records.stream().skip(1).filter(l -> l.contains(",ANOMALY,")).count()).isPositive();
    }

    @Test
    void shouldJudgeTheSimulationOncePerTrainerSeed() throws IOException {
        Path out = root.resolve("seeds");
        EvaluateRun run = EvaluateRun.of(SmallCardSimulation.cardsArgs("--seeds", "42,7", "--out", out.toString()));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode spread = json.readTree(out.resolve("seeds.json").toFile());
        assertThat(spread.path("runs").findValuesAsText("seed")).containsExactly("42", "7");
        for (String seed : List.of("42", "7")) {
            JsonNode report = json.readTree(out.resolve("seed-" + seed).resolve("report.json").toFile());
            assertThat(report.path("settings").path("trainer.retrain").path("seed").asText()).isEqualTo(seed);
            assertThat(report.path("cards").path("incidents").asInt()).isEqualTo(SmallCardSimulation.judgedIncidents());
        }
        assertThat(spread.path("summary").path("incidentsCaught").path("max").asDouble()).isPositive();
    }

    @Test
    void shouldRefuseAnEmptySimulation() {
        EvaluateRun run = EvaluateRun.of("cards", "--fraud-per-day", "0", "--out", root.resolve("none").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--fraud-per-day");
    }
}
