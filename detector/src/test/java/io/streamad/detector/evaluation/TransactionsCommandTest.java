package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamad.avro.CardTransaction;
import io.streamad.avro.Channel;
import io.streamad.avro.Verdict;
import io.streamad.detector.embedded.CardSimulator;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code evaluate transactions}: a user's own labelled card transactions, from an Avro data file, must be judged
 * exactly as {@code evaluate cards} judges the same transactions from its simulator (which {@code --export} writes
 * out); the labels file's mistakes are named.
 */
class TransactionsCommandTest {

    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldJudgeTheExportedSimulationExactlyAsTheSimulationIsJudged() throws IOException {
        Instant fraudFrom = SmallCardSimulation.fraudFrom();
        Path export = root.resolve("export");

        EvaluateRun simulation = EvaluateRun.of(SmallCardSimulation.cardsArgs("--export", export.toString(), "--out",
                root.resolve("cards").toString()));
        EvaluateRun fromFile = EvaluateRun.of("transactions", "--file", export.resolve("transactions.avro").toString(), "--labels",
                export.resolve("fraud.csv").toString(), "--judge-from", fraudFrom.toString(), "--out", root.resolve("file").toString());

        assertThat(simulation.exitCode()).as(simulation.err()).isZero();
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        List<CardSimulator.Labelled> simulated = SmallCardSimulation.transactions();
        assertThat(Files.readAllLines(export.resolve("fraud.csv")))
                .hasSize(1 + (int) simulated.stream().filter(CardSimulator.Labelled::fraud).count());
        JsonNode file = json.readTree(root.resolve("file/report.json").toFile());
        JsonNode cards = json.readTree(root.resolve("cards/report.json").toFile());
        assertThat(file.path("dataset").asText()).isEqualTo("transactions");
        assertThat(file.path("transactions").asInt()).isEqualTo(simulated.size());
        assertThat(file.path("input").path("historyTransactions").asInt())
                .isEqualTo(CardEvaluation.firstAtOrAfter(simulated, fraudFrom));
        assertThat(file.path("input").path("historyFraud").asInt()).isZero();
        // the same cadence, derived from the history by each command
        assertThat(file.path("settings").path("trainer.retrain")).isEqualTo(cards.path("settings").path("trainer.retrain"));
        JsonNode judged = file.path("cards");
        JsonNode expected = cards.path("cards");
        assertThat(expected.path("by_pattern").size()).isPositive(); // read back from the export's pattern column
        assertThat(expected.path("incidents").asInt()).isPositive();
        assertThat(expected.path("caught").asInt()).isPositive();
        assertThat(judged).isEqualTo(expected);
        assertThat(file.path("models").size()).isEqualTo(cards.path("models").size());
        assertThat(file.path("f1").asDouble()).isEqualTo(cards.path("f1").asDouble());
        assertThat(Files.readAllLines(root.resolve("file/records/transactions.csv"))).hasSize(simulated.size() + 1);
    }

    @Test
    void shouldMakeOneIncidentOfACardsFraudUntilTheGapPasses() throws IOException {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        List<CardTransaction> transactions = List.of(
                txn("a1", "card-a", t0), txn("b1", "card-b", t0.plusSeconds(60)), txn("a2", "card-a", t0.plusSeconds(1800)),
                txn("a3", "card-a", t0.plusSeconds(1800 + 3 * 3600)), txn("b2", "card-b", t0.plusSeconds(3600)),
                txn("g1", "card-a", t0.plusSeconds(5 * 3600)));
        Path file = Files.write(root.resolve("labels.csv"), List.of("transaction_id;amount", "a1;10", "a2;12", "a3;9", "b1;70", "b2;1"));

        List<CardSimulator.Labelled> labelled = FraudLabels.read(file).label(transactions, Duration.ofHours(1));

        assertThat(labelled).extracting(CardSimulator.Labelled::incident)
                .containsExactly("card-a#1", "card-b#1", "card-a#1", "card-a#2", "card-b#1", null);
    }

    @Test
    void shouldNameTheLabelsFilesMistakes() throws IOException {
        Path noId = Files.write(root.resolve("no-id.csv"), List.of("txn,incident", "a1,x"));
        Path ragged = Files.write(root.resolve("ragged.csv"), List.of("transaction_id,incident", "a1,x", "a2"));
        Path stranger = Files.write(root.resolve("stranger.csv"), List.of("transaction_id", "a1", "zz"));
        List<CardTransaction> one = List.of(txn("a1", "card-a", Instant.parse("2026-03-02T10:00:00Z")));

        assertThatThrownBy(() -> FraudLabels.read(noId)).hasMessage(noId + ":1: no 'transaction_id' column in [txn, incident]");
        assertThatThrownBy(() -> FraudLabels.read(ragged)).hasMessage(ragged + ":3: 1 columns, the header has 2");
        assertThatThrownBy(() -> FraudLabels.read(stranger).label(one, Duration.ofHours(1)))
                .hasMessage(stranger + ": 1 of 2 labelled transaction ids are not among the transactions, e.g. [zz]");
        assertThatThrownBy(() -> FraudLabels.read(root.resolve("absent.csv"))).hasMessageContaining("no such file (--labels)");
        Path twice = Files.write(root.resolve("twice.csv"), List.of("transaction_id,incident", "a1,x", "a1,y"));
        assertThatThrownBy(() -> FraudLabels.read(twice))
                .hasMessage(twice + ":3: transaction a1 is labelled again with another incident (y, before: x)");
    }

    @Test
    void shouldReadALabelsFileASpreadsheetSavedWithAByteOrderMark() throws IOException {
        Path file = Files.write(root.resolve("excel.csv"), List.of("\uFEFFtransaction_id;incident", "a1;x", "a1;x"));

        assertThat(FraudLabels.read(file).incidents()).containsExactly(Map.entry("a1", "x"));
    }

    @Test
    void shouldJudgeOnlyIncidentsThatBeginInTheJudgedTransactions() {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        List<CardSimulator.Labelled> transactions = List.of(
                new CardSimulator.Labelled(txn("a1", "card-a", t0), "A", null),
                new CardSimulator.Labelled(txn("a2", "card-a", t0.plusSeconds(60)), "A", null),
                new CardSimulator.Labelled(txn("b1", "card-b", t0.plusSeconds(120)), "B", null),
                new CardSimulator.Labelled(txn("g1", "card-c", t0.plusSeconds(180)), null, null));
        Verdict[] verdicts = {Verdict.NORMAL, Verdict.ANOMALY, Verdict.ANOMALY, Verdict.NORMAL};
        CardReplay.Result result = new CardReplay.Result(new double[] {0.1, 2, 3, 0.1}, new double[] {1, 1, 1, 1}, verdicts,
                new boolean[] {false, true, true, false}, new String[4], List.of(), 0);

        CardScore score = CardScore.of(transactions, result, 1);

        assertThat(score.incidents()).isEqualTo(1);
        assertThat(score.caught()).isEqualTo(1);
        assertThat(score.straddling()).isEqualTo(1);
        assertThat(score.points().tp()).isEqualTo(2); // a2 is still fraud, judged point-wise
        assertThat(score.genuine()).isEqualTo(1);
    }

    @Test
    void shouldReadTheIncidentGapAsTheServicesDurationsAreWritten() {
        assertThat(TransactionsCommand.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TransactionsCommand.duration("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(TransactionsCommand.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(TransactionsCommand.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> TransactionsCommand.duration("soon")).hasMessageContaining("--incident-gap");
        assertThatThrownBy(() -> TransactionsCommand.duration("0h")).hasMessageContaining("--incident-gap");
    }

    @Test
    void shouldRefuseAJudgeFromThatLeavesNothingToJudge() throws IOException {
        Path avro = root.resolve("few.avro");
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        try (DataFileWriter<CardTransaction> out = new DataFileWriter<>(new SpecificDatumWriter<>(CardTransaction.class))) {
            out.create(CardTransaction.getClassSchema(), avro.toFile());
            out.append(txn("a1", "card-a", t0));
            out.append(txn("a2", "card-a", t0.plusSeconds(60)));
        }
        Path labels = Files.write(root.resolve("none.csv"), List.of("transaction_id"));

        EvaluateRun run = EvaluateRun.of("transactions", "--file", avro.toString(), "--labels", labels.toString(), "--judge-from",
                "2027-01-01T00:00:00Z", "--out", root.resolve("late").toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--judge-from 2027-01-01T00:00:00Z leaves no transaction to judge");
    }

    private static CardTransaction txn(String id, String card, Instant time) {
        return CardTransaction.newBuilder().setTransactionId(id).setCardId(card).setAccountId("acct-" + card)
                .setMerchantId("m-1").setMerchantCategory("5411").setAmount(20.0).setCurrency("EUR").setEventTime(time)
                .setChannel(Channel.POS).setCountry("DE").setCity(null).setCardPresent(true).build();
    }
}
