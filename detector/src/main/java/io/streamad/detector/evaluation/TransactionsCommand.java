package io.streamad.detector.evaluation;

import io.streamad.avro.CardTransaction;
import io.streamad.detector.embedded.CardSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate transactions}: the user's own card transactions, as Avro {@code CardTransaction} records from a data
 * file or a topic, with the fraudulent ones named in a labels file, replayed in event-time order through the real
 * topology with the trainer's loop, and judged as {@code evaluate cards} judges its simulation. The transactions before
 * {@code --judge-from} are history: replayed and learnt from, not judged.
 */
@Command(name = "transactions", mixinStandardHelpOptions = true,
        description = "CardTransaction records from an Avro data file (--file) or a Kafka topic (--topic), fraud named in "
                + "--labels, replayed in event time and judged as `cards` is.")
final class TransactionsCommand implements Callable<Integer> {

    @ParentCommand
    EvaluateCommand parent;

    @Mixin
    SeedsOption seeds;

    @Mixin
    AvroSource source;

    @Option(names = "--labels", required = true, description = "CSV of the fraudulent transactions: a '" + FraudLabels.ID
            + "' column and, optionally, an '" + FraudLabels.INCIDENT + "' column; every other transaction is genuine.")
    Path labels;

    @Option(names = "--judge-from", description = "Event time (e.g. 2026-01-19T00:00:00Z) from which transactions are "
            + "judged; those before it are history the first model learns from (default: the middle transaction's time). "
            + "An incident that began before it is not judged.")
    Instant judgeFrom;

    @Option(names = "--incident-gap", defaultValue = "24h", description = "Without an incident column, a card's fraudulent "
            + "transactions less than this apart are one incident: 30m, 24h, 2d, or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String incidentGap;

    @Override
    public Integer call() throws Exception {
        seeds.check(parent);
        PrintStream console = System.out;
        Duration gap = duration(incidentGap);
        FraudLabels fraud = FraudLabels.read(labels);
        List<CardTransaction> read = new java.util.ArrayList<>(source.read(CardTransaction.class));
        // Ties in event time keep the file's order. A topic's partitions are read in no fixed order, so there ties go
        // by card: a card's transactions share a partition (the card id is the key) and keep its order.
        Comparator<CardTransaction> order = Comparator.comparing(CardTransaction::getEventTime);
        read.sort(source.topic == null ? order : order.thenComparing(CardTransaction::getCardId));
        long repeated = read.size() - read.stream().map(CardTransaction::getTransactionId).distinct().count();
        if (repeated > 0) {
            console.printf("Note: %,d transactions repeat another's transaction_id (a topic written at least once?); "
                    + "each is replayed and judged%n", repeated);
        }
        List<CardSimulator.Labelled> transactions = fraud.label(read, gap);
        Instant split = judgeFrom != null ? judgeFrom : read.get(read.size() / 2).getEventTime();
        int judgedFrom = CardEvaluation.firstAtOrAfter(transactions, split);
        if (judgedFrom < 1 || judgedFrom >= transactions.size()) {
            throw new IllegalArgumentException((judgeFrom != null ? "--judge-from " + judgeFrom : "the middle transaction's time "
                    + split) + " leaves " + (judgedFrom < 1 ? "no history to learn from" : "no transaction to judge")
                    + " (the transactions run from " + read.get(0).getEventTime() + " to "
                    + read.get(read.size() - 1).getEventTime() + ")");
        }
        Instant historyStart = read.get(0).getEventTime();
        Instant judgedStart = read.get(judgedFrom).getEventTime();
        double historyDays = Duration.between(historyStart, judgedStart).toMillis() / 86_400_000.0;
        long historyFraud = transactions.subList(0, judgedFrom).stream().filter(CardSimulator.Labelled::fraud).count();
        long judgedFraud = transactions.subList(judgedFrom, transactions.size()).stream().filter(CardSimulator.Labelled::fraud).count();
        long cards = read.stream().map(CardTransaction::getCardId).distinct().count();
        Path out = parent.outputDir();
        console.printf("Evaluating transactions: %,d transactions of %,d cards from %s; history %s to %s (%,d transactions, %.1f days), "
                        + "judged from %s (%,d transactions, %,d of them fraud); writing to %s%n", read.size(), cards,
                source.describe(), historyStart, judgedStart, judgedFrom, historyDays, judgedStart,
                transactions.size() - judgedFrom, judgedFraud, out);
        if (judgedFraud == 0) {
            console.printf("Note: no judged transaction is labelled fraud: there is nothing to catch, and recall, F1 and "
                    + "average precision read 0%n");
        }
        if (historyFraud > 0) {
            console.printf("Note: %,d history transactions are labelled fraud. The trainer does not read labels: those the "
                    + "detector does not flag are learnt as normal, as they would be in service.%n", historyFraud);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("source", source.describe());
        input.put("labels", labels.toString());
        input.put("judgedFrom", judgedStart.toString());
        input.put("incidentGap", gap.toString());
        input.put("historyTransactions", judgedFrom);
        input.put("historyFraud", historyFraud);
        input.put("cards", cards);
        CardEvaluation.runAll(parent, seeds, out, "transactions", transactions, judgedFrom,
                CardEvaluation.trainingDefaults(judgedFrom, Math.max(1, Math.round(historyDays))), "input", input, console);
        return 0;
    }

    /** {@code 30m}, {@code 24h}, {@code 2d}, {@code 90s} or an ISO-8601 duration such as {@code PT24H}. */
    static Duration duration(String text) {
        String t = text.trim();
        try {
            if (t.length() >= 2 && Character.isDigit(t.charAt(0))) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d = switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> null;
                };
                if (d != null && !d.isZero()) {
                    return d;
                }
            } else if (!t.isEmpty()) {
                Duration d = Duration.parse(t);
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            }
        } catch (RuntimeException e) {
            // the message below names the option
        }
        throw new IllegalArgumentException("--incident-gap: not a positive duration: '" + text + "' (e.g. 30m, 24h, 2d)");
    }
}
