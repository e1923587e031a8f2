package io.streamad.detector.evaluation;

import io.streamad.avro.CardTransaction;
import io.streamad.detector.embedded.CardSimulator;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @ParentCommand
    EvaluateCommand parent;

    @Mixin
    SeedsOption seeds;

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

    @Option(names = "--export", description = "Also write the simulated transactions to this folder: transactions.avro "
            + "(CardTransaction records) and fraud.csv (transaction_id, incident, pattern), the input `transactions` reads.")
    Path export;

    @Override
    public Integer call() throws Exception {
        seeds.check(parent);
        if (cards < 10 || cleanDays < 1 || days < 1 || !(fraudPerDay > 0)) {
            throw new IllegalArgumentException("--cards must be at least 10, --clean-days and --days at least 1, --fraud-per-day positive");
        }
        PrintStream console = System.out;
        Instant fraudFrom = START.plus(Duration.ofDays(cleanDays));
        List<CardSimulator.Labelled> transactions = simulate(fraudFrom, fraudFrom.plus(Duration.ofDays(days)));
        int judgedFrom = CardEvaluation.firstAtOrAfter(transactions, fraudFrom);
        Path out = parent.outputDir();
        if (export != null) {
            export(transactions, export);
            console.printf("Exported %,d transactions to %s (transactions.avro, fraud.csv); judge them from %s%n",
                    transactions.size(), export, fraudFrom);
        }
        console.printf("Evaluating cards: %,d cards, %d clean days (%,d transactions), %d days with %.1f incidents a day "
                        + "(%,d transactions), seed %d; writing to %s%n", cards, cleanDays, judgedFrom, days, fraudPerDay,
                transactions.size() - judgedFrom, seed, out);
        Map<String, Object> simulation = Map.of("cards", cards, "cleanDays", cleanDays, "days", days, "fraudPerDay",
                fraudPerDay, "seed", seed, "start", START.toString());
        CardEvaluation.runAll(parent, seeds, out, "cards", transactions, judgedFrom,
                CardEvaluation.trainingDefaults(judgedFrom, cleanDays), "simulation", simulation, console);
        return 0;
    }

    private static void export(List<CardSimulator.Labelled> transactions, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DataFileWriter<CardTransaction> out = new DataFileWriter<>(new SpecificDatumWriter<>(CardTransaction.class));
             BufferedWriter labels = Files.newBufferedWriter(dir.resolve("fraud.csv"))) {
            out.create(CardTransaction.getClassSchema(), dir.resolve("transactions.avro").toFile());
            labels.write(FraudLabels.ID + "," + FraudLabels.INCIDENT + ",pattern\n");
            for (CardSimulator.Labelled l : transactions) {
                out.append(l.transaction());
                if (l.fraud()) {
                    labels.write(l.transaction().getTransactionId() + "," + l.incident() + "," + l.pattern() + "\n");
                }
            }
        }
    }

    private List<CardSimulator.Labelled> simulate(Instant fraudFrom, Instant end) {
        CardSimulator simulator = new CardSimulator(cards, START, fraudPerDay, fraudFrom, seed);
        List<CardSimulator.Labelled> out = new ArrayList<>();
        for (CardSimulator.Labelled next = simulator.next(); next.transaction().getEventTime().isBefore(end); next = simulator.next()) {
            out.add(next);
        }
        return out;
    }
}
