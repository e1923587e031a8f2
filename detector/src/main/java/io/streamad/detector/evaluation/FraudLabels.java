package io.streamad.detector.evaluation;

import io.streamad.avro.CardTransaction;
import io.streamad.detector.embedded.CardSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which card transactions were fraud: a CSV file with a header, one row per fraudulent transaction, a
 * {@code transaction_id} column and an optional {@code incident} column (other columns are ignored; the
 * separator is detected from the header; a {@code pattern} column naming one of the simulator's patterns, as
 * {@code evaluate cards --export} writes it, gives counts by pattern). Incident ids are the file's own, across cards: two cards' fraud with the
 * same incident id is one incident, as a breach that hit both would be. Transactions the file does not name are genuine. Without an
 * incident, a card's fraudulent transactions less than {@code gap} apart form one incident, as a compromised
 * card's purchases do until it is blocked.
 *
 * @param incidents the incident of each fraudulent transaction id, or null where the file gives none
 * @param patterns  the simulator pattern of the fraudulent transaction ids that name one
 * @param source    the file, for messages
 */
record FraudLabels(Map<String, String> incidents, Map<String, CardSimulator.Pattern> patterns, Path source) {

    static final String ID = "transaction_id";
    static final String INCIDENT = "incident";
    static final String PATTERN = "pattern";

    static FraudLabels read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file (--labels)");
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(file + ":1: no header; expected a '" + ID + "' column");
        }
        String first = lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(0); // a spreadsheet's BOM
        String sep = LabelledCsv.detect(first);
        List<String> header = List.of(LabelledCsv.split(first, sep));
        int id = header.indexOf(ID);
        int incident = header.indexOf(INCIDENT);
        int pattern = header.indexOf(PATTERN);
        if (id < 0) {
            throw new IllegalArgumentException(file + ":1: no '" + ID + "' column in " + header);
        }
        Map<String, String> incidents = new LinkedHashMap<>();
        Map<String, CardSimulator.Pattern> patterns = new HashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] cells = LabelledCsv.split(lines.get(n), sep);
            if (cells.length != header.size()) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": " + cells.length + " columns, the header has "
                        + header.size());
            }
            if (cells[id].isEmpty()) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": empty " + ID);
            }
            String named = incident < 0 || cells[incident].isEmpty() ? null : cells[incident];
            if (incidents.containsKey(cells[id]) && !java.util.Objects.equals(incidents.get(cells[id]), named)) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": transaction " + cells[id] + " is labelled "
                        + "again with another incident (" + named + ", before: " + incidents.get(cells[id]) + ")");
            }
            incidents.put(cells[id], named);
            if (pattern >= 0) {
                simulatorPattern(cells[pattern]).ifPresent(p -> patterns.put(cells[id], p));
            }
        }
        return new FraudLabels(incidents, patterns, file);
    }

    /** One of the simulator's fraud patterns, as {@code evaluate cards --export} writes them; other values are not counted by pattern. */
    private static java.util.Optional<CardSimulator.Pattern> simulatorPattern(String cell) {
        for (CardSimulator.Pattern p : CardSimulator.Pattern.values()) {
            if (p.name().equals(cell)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The transactions, in the order given (event-time order), each with its incident if it was fraud.
     *
     * @throws IllegalArgumentException if the labels name a transaction that is not there: the wrong file
     */
    List<CardSimulator.Labelled> label(List<CardTransaction> transactions, Duration gap) {
        Map<String, Boolean> seen = new HashMap<>();
        incidents.keySet().forEach(k -> seen.put(k, false));
        Map<String, long[]> open = new HashMap<>(); // card -> {time of its last unnamed fraud, incidents so far}
        List<CardSimulator.Labelled> out = new ArrayList<>(transactions.size());
        for (CardTransaction t : transactions) {
            String id = t.getTransactionId();
            if (!incidents.containsKey(id)) {
                out.add(new CardSimulator.Labelled(t, null, null));
                continue;
            }
            seen.put(id, true);
            String incident = incidents.get(id);
            if (incident == null) {
                long time = t.getEventTime().toEpochMilli();
                long[] last = open.computeIfAbsent(t.getCardId(), c -> new long[] {Long.MIN_VALUE, 0});
                if (last[1] == 0 || time - last[0] >= gap.toMillis()) {
                    last[1]++;
                }
                last[0] = time;
                incident = t.getCardId() + "#" + last[1];
            }
            out.add(new CardSimulator.Labelled(t, incident, patterns.get(id)));
        }
        List<String> missing = seen.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).sorted().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + missing.size() + " of " + incidents.size()
                    + " labelled transaction ids are not among the transactions, e.g. " + missing.subList(0, Math.min(3, missing.size())));
        }
        return out;
    }
}
