package io.streamad.detector.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.streamad.avro.CardTransaction;
import io.streamad.detector.embedded.CardSimulator;
import io.streamad.detector.embedded.EmbeddedDefault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate cards}: a reproducible card-fraud run. The demo's card simulator (cardholders with habits,
 * fraud in three patterns, every transaction labelled) generates a clean history and then days with fraud;
 * the transactions are replayed through the real topology with the trainer's loop on event time, and the
 * report says which incidents raised an anomaly event, how soon, and what the genuine transactions cost.
 * The first model is trained on most of the clean history, and the model retrains about once a simulated
 * day, unless {@code --set} says otherwise.
 */
@Command(name = "cards", mixinStandardHelpOptions = true,
        description = "Simulated card transactions with labelled fraud (the demo's simulator), replayed in event time.")
final class CardsCommand implements Callable<Integer> {

    /** The simulation's first day (a Monday), fixed so a seed gives the same transactions. */
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    private static final double FIRST_MODEL_SHARE = 0.8;

    @ParentCommand
    EvaluateCommand parent;

    @Option(names = "--cards", defaultValue = "2000", description = "Cardholders (default: ${DEFAULT-VALUE}).")
    int cards;

    @Option(names = "--clean-days", defaultValue = "14", description = "Days of history without fraud first (default: ${DEFAULT-VALUE}).")
    int cleanDays;

    @Option(names = "--days", defaultValue = "14", description = "Days with fraud, judged (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--fraud-per-day", defaultValue = "10", description = "Fraud incidents per simulated day (default: ${DEFAULT-VALUE}).")
    double fraudPerDay;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (cards < 10 || cleanDays < 1 || days < 1 || !(fraudPerDay > 0)) {
            throw new IllegalArgumentException("--cards must be at least 10, --clean-days and --days at least 1, --fraud-per-day positive");
        }
        PrintStream console = System.out;
        Instant fraudFrom = START.plus(Duration.ofDays(cleanDays));
        List<CardSimulator.Labelled> transactions = simulate(fraudFrom, fraudFrom.plus(Duration.ofDays(days)));
        int judgedFrom = firstAtOrAfter(transactions, fraudFrom);
        Path out = parent.outputDir();
        console.printf("Evaluating cards: %,d cards, %d clean days (%,d transactions), %d days with %.1f incidents a day "
                        + "(%,d transactions), seed %d; writing to %s%n", cards, cleanDays, judgedFrom, days, fraudPerDay,
                transactions.size() - judgedFrom, seed, out);
        Path workDir = Files.createTempDirectory("streamad-evaluate");
        try (EvaluateCommand.Settings settings = parent.settings(trainingDefaults(judgedFrom))) {
            CardReplay.Result result = new CardReplay(settings.topology(), settings.trainer(), workDir, console).run(transactions);
            CardScore score = CardScore.of(transactions, result, judgedFrom);
            Files.createDirectories(out.resolve("records"));
            writeRecords(transactions, result, out.resolve("records").resolve("transactions.csv"));
            writeReport(settings.described(), transactions.size(), result, score, out.resolve("report.json"));
            print(console, result, score);
            console.printf("Report: %s; per-transaction scores: %s%n", out.resolve("report.json"),
                    out.resolve("records").resolve("transactions.csv"));
        } finally {
            EmbeddedDefault.clear(workDir);
        }
        return 0;
    }

    private List<CardSimulator.Labelled> simulate(Instant fraudFrom, Instant end) {
        CardSimulator simulator = new CardSimulator(cards, START, fraudPerDay, fraudFrom, seed);
        List<CardSimulator.Labelled> out = new ArrayList<>();
        for (CardSimulator.Labelled next = simulator.next(); next.transaction().getEventTime().isBefore(end); next = simulator.next()) {
            out.add(next);
        }
        return out;
    }

    private static int firstAtOrAfter(List<CardSimulator.Labelled> transactions, Instant time) {
        int i = 0;
        while (i < transactions.size() && transactions.get(i).transaction().getEventTime().isBefore(time)) {
            i++;
        }
        return i;
    }

    /**
     * The first model after most of the clean history and a retraining about once a simulated day; an
     * explicit --set of the same key wins.
     */
    private Map<String, String> trainingDefaults(int cleanTransactions) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("streamad.trainer.retrain.bootstrap-rows-by-family.transaction",
                String.valueOf(Math.max(200, (int) (cleanTransactions * FIRST_MODEL_SHARE))));
        defaults.put("streamad.trainer.retrain.min-new-rows", String.valueOf(Math.max(1, cleanTransactions / cleanDays)));
        return defaults;
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
                        + "," + (l.fraud() ? l.incident() : "") + "," + (l.fraud() ? l.pattern() : "") + "," + r.scores()[i]
                        + "," + r.thresholds()[i] + "," + r.verdicts()[i] + "," + (r.alerts()[i] ? 1 : 0) + ","
                        + (r.models()[i] == null ? "" : r.models()[i]) + "\n");
            }
        }
    }

    private void writeReport(Map<String, Object> described, int transactions, CardReplay.Result result, CardScore score,
                             Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", "cards");
        out.put("settings", described);
        out.put("simulation", Map.of("cards", cards, "cleanDays", cleanDays, "days", days, "fraudPerDay", fraudPerDay,
                "seed", seed, "start", START.toString()));
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
        console.printf("Genuine transactions: %,d, anomaly events on them %d (%.1f per 10,000); %.1f%% of events fell on fraud%n",
                s.genuine(), s.genuineAlerts(), s.falseAlertsPer10k(), 100 * s.alertPrecision());
        console.printf("Point-wise (ANOMALY verdicts against fraud labels): precision %.3f, recall %.3f, F1 %.3f; "
                        + "average precision of the scores %.3f (%d fraud transactions reached no model)%n",
                s.points().precision(), s.points().recall(), s.points().f1(), s.averagePrecision(), s.unscoredFraud());
    }
}
