package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamad.avro.CardTransaction;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.detector.embedded.EmbeddedDefault;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code evaluate cards} and {@code evaluate transactions} share: labelled card transactions in event-time
 * order, the first {@code judgedFrom} of them history (replayed, learnt from, not judged), replayed through the real
 * topology with the trainer's loop; the report, the per-transaction file and the console summary.
 */
final class CardEvaluation {

    private static final double FIRST_MODEL_SHARE = 0.8;

    private CardEvaluation() {
    }

    /**
     * The trainer's cadence for a card replay, under the user's --set values: the first model after most of the
     * history, and a retraining about once a day of it.
     */
    static Map<String, String> trainingDefaults(int historyTransactions, double historyDays) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("streamad.trainer.retrain.bootstrap-rows-by-family.transaction",
                String.valueOf(Math.max(200, (int) (historyTransactions * FIRST_MODEL_SHARE))));
        defaults.put("streamad.trainer.retrain.min-new-rows",
                String.valueOf(Math.max(1, (int) (historyTransactions / Math.max(1.0, historyDays)))));
        return defaults;
    }

    /** The index of the first transaction at or after {@code time}. */
    static int firstAtOrAfter(List<CardSimulator.Labelled> transactions, Instant time) {
        int i = 0;
        while (i < transactions.size() && transactions.get(i).transaction().getEventTime().isBefore(time)) {
            i++;
        }
        return i;
    }

    /** As {@link #run}, once, or once per seed of {@code seeds} (into {@code out/seed-<n>}) with the spread. */
    static void runAll(EvaluateCommand parent, SeedsOption seeds, Path out, String dataset,
                       List<CardSimulator.Labelled> transactions, int judgedFrom, Map<String, String> trainingDefaults,
                       String inputKey, Map<String, Object> input, PrintStream console) throws Exception {
        seeds.runEach(out, console, (seedSettings, runOut) -> {
            Map<String, String> settings = new LinkedHashMap<>(trainingDefaults);
            settings.putAll(seedSettings);
            return SeedSpread.figures(run(parent, runOut, dataset, transactions, judgedFrom, settings, inputKey, input, console));
        });
    }

    /**
     * Replays, scores and writes {@code report.json} (with {@code input} under {@code inputKey}) and
     * {@code records/transactions.csv} under {@code out}.
     */
    private static CardScore run(EvaluateCommand parent, Path out, String dataset, List<CardSimulator.Labelled> transactions,
                         int judgedFrom, Map<String, String> trainingDefaults, String inputKey, Map<String, Object> input,
                         PrintStream console) throws Exception {
        if (parent.plots != null) {
            console.println("Note: --plot draws sensor series; a card run writes no plots.");
        }
        Path workDir = Files.createTempDirectory("streamad-evaluate");
        try (EvaluateCommand.Settings settings = parent.settings(trainingDefaults)) {
            CardReplay.Result result = new CardReplay(settings.topology(), settings.trainer(), workDir, console).run(transactions);
            CardScore score = CardScore.of(transactions, result, judgedFrom);
            Files.createDirectories(out.resolve("records"));
            writeRecords(transactions, result, out.resolve("records").resolve("transactions.csv"));
            writeReport(dataset, settings.described(), inputKey, input, transactions.size(), result, score,
                    out.resolve("report.json"));
            print(console, result, score);
            console.printf("Report: %s; per-transaction scores: %s%n", out.resolve("report.json"),
                    out.resolve("records").resolve("transactions.csv"));
            return score;
        } finally {
            EmbeddedDefault.clear(workDir);
        }
    }

    private static void writeRecords(List<CardSimulator.Labelled> transactions, CardReplay.Result r, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("row,transaction_id,card_id,event_time,amount,channel,country,merchant_id,fraud,incident,pattern,"
                    + "score,threshold,verdict,alert,model_version\n");
            for (int i = 0; i < transactions.size(); i++) {
                CardSimulator.Labelled l = transactions.get(i);
                CardTransaction t = l.transaction();
                w.write(i + "," + t.getTransactionId() + "," + t.getCardId() + "," + t.getEventTime() + "," + t.getAmount()
                        + "," + t.getChannel() + "," + t.getCountry() + "," + t.getMerchantId() + "," + (l.fraud() ? 1 : 0)
                        + "," + (l.fraud() ? l.incident() : "") + "," + (l.pattern() != null ? l.pattern() : "") + ","
                        + r.scores()[i] + "," + r.thresholds()[i] + "," + r.verdicts()[i] + "," + (r.alerts()[i] ? 1 : 0) + ","
                        + (r.models()[i] == null ? "" : r.models()[i]) + "\n");
            }
        }
    }

    private static void writeReport(String dataset, Map<String, Object> described, String inputKey, Map<String, Object> input,
                                    int transactions, CardReplay.Result result, CardScore score, Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset);
        out.put("settings", described);
        out.put(inputKey, input);
        out.put("transactions", transactions);
        out.put("seconds", result.millis() / 1000.0);
        out.put("modelsAccepted", result.trainings().stream().filter(SeriesResult.Training::accepted).count());
        out.put("modelsRejected", result.trainings().stream().filter(t -> !t.accepted()).count());
        out.put("models", result.trainings().stream().map(Report::trainingMap).toList());
        out.put("cards", score.toMap());
        out.put("precision", score.points().precision());
        out.put("recall", score.points().recall());
        out.put("f1", score.points().f1());
        out.put("falseAlarmRate", score.points().falseAlarmRate());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
    }

    private static void print(PrintStream console, CardReplay.Result result, CardScore s) {
        long refused = result.trainings().stream().filter(t -> !t.accepted()).count();
        console.printf("%nReplayed in %.0f s; %d models trained, %d refused by the gate%n", result.millis() / 1000.0,
                result.trainings().size() - refused, refused);
        console.printf("Incidents: %d of %d caught by an anomaly event (%.1f%%); median %.0f transactions into the incident, %.1f minutes%n",
                s.caught(), s.incidents(), 100 * s.incidentRecall(), s.medianPosition(), s.medianMinutes());
        s.byPattern().forEach((p, t) -> console.printf("  %-16s %d of %d%n", p, t[1], t[0]));
        if (s.straddling() > 0) {
            console.printf("  (%d incidents began in the history and are not judged as incidents)%n", s.straddling());
        }
        console.printf("Genuine transactions: %,d, anomaly events on them %d (%.1f per 10,000); %.1f%% of events fell on fraud%n",
                s.genuine(), s.genuineAlerts(), s.falseAlertsPer10k(), 100 * s.alertPrecision());
        console.printf("Point-wise (ANOMALY verdicts against fraud labels): precision %.3f, recall %.3f, F1 %.3f; "
                        + "average precision of the scores %.3f (%d fraud transactions reached no model)%n",
                s.points().precision(), s.points().recall(), s.points().f1(), s.averagePrecision(), s.unscoredFraud());
    }
}
