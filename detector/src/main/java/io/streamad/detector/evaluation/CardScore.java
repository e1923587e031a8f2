package io.streamad.detector.evaluation;

import io.streamad.avro.Verdict;
import io.streamad.core.evaluation.PointMetrics;
import io.streamad.detector.embedded.CardSimulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a card replay did on the transactions it judged (those from the first possible fraud on):
 * incidents caught by an anomaly event, how soon, the alerts raised on genuine transactions, point-wise
 * agreement of the verdicts with the fraud labels, and the scores' ranking quality (average precision,
 * which no threshold affects).
 *
 * @param incidents        fraud incidents judged
 * @param caught           incidents with at least one anomaly event on one of their transactions
 * @param byPattern        incidents and caught incidents per fraud pattern, for the incidents whose pattern is known
 * @param medianPosition   median position, in its incident, of the first transaction with an event (0: the first)
 * @param medianMinutes    median minutes from an incident's first transaction to its first event
 * @param genuine          genuine transactions judged
 * @param genuineAlerts    anomaly events on genuine transactions
 * @param fraudAlerts      anomaly events on fraud transactions
 * @param points           verdicts (ANOMALY or not) against the fraud labels
 * @param averagePrecision the area under the precision-recall curve of the scores; fraud never scored counts as missed
 * @param unscoredFraud    fraud transactions that reached no model (the card or the family still warming up)
 * @param straddling       incidents begun in the history and going on into the judged transactions: not judged as
 *                         incidents (their start was not), their judged transactions still judged point-wise
 */
record CardScore(int incidents, int caught, Map<CardSimulator.Pattern, int[]> byPattern, double medianPosition,
                 double medianMinutes, long genuine, long genuineAlerts, long fraudAlerts, PointMetrics points,
                 double averagePrecision, long unscoredFraud, int straddling) {

    static CardScore of(List<CardSimulator.Labelled> transactions, CardReplay.Result result, int judgedFrom) {
        Map<String, List<Integer>> incidents = new LinkedHashMap<>();
        boolean[] fraud = new boolean[transactions.size()];
        boolean[] flagged = new boolean[transactions.size()];
        long genuine = 0;
        long genuineAlerts = 0;
        long fraudAlerts = 0;
        long unscoredFraud = 0;
        java.util.Set<String> begunBefore = new java.util.HashSet<>();
        for (int i = 0; i < judgedFrom; i++) {
            if (transactions.get(i).fraud()) {
                begunBefore.add(transactions.get(i).incident());
            }
        }
        java.util.Set<String> straddling = new java.util.HashSet<>();
        for (int i = judgedFrom; i < transactions.size(); i++) {
            CardSimulator.Labelled t = transactions.get(i);
            fraud[i] = t.fraud();
            flagged[i] = result.verdicts()[i] == Verdict.ANOMALY;
            if (t.fraud() && begunBefore.contains(t.incident())) {
                straddling.add(t.incident()); // judged point-wise, but not as an incident: its start was not judged
            } else if (t.fraud()) {
                incidents.computeIfAbsent(t.incident(), k -> new ArrayList<>()).add(i);
                fraudAlerts += result.alerts()[i] ? 1 : 0;
                unscoredFraud += result.verdicts()[i] == Verdict.WARMING_UP ? 1 : 0;
            } else {
                genuine++;
                genuineAlerts += result.alerts()[i] ? 1 : 0;
            }
        }
        Map<CardSimulator.Pattern, int[]> byPattern = new EnumMap<>(CardSimulator.Pattern.class);
        List<Double> positions = new ArrayList<>();
        List<Double> minutes = new ArrayList<>();
        for (List<Integer> rows : incidents.values()) {
            CardSimulator.Pattern pattern = transactions.get(rows.get(0)).pattern();
            int[] tally = pattern == null ? new int[2] : byPattern.computeIfAbsent(pattern, p -> new int[2]);
            tally[0]++;
            for (int k = 0; k < rows.size(); k++) {
                if (result.alerts()[rows.get(k)]) {
                    tally[1]++;
                    positions.add((double) k);
                    minutes.add((time(transactions, rows.get(k)) - time(transactions, rows.get(0))) / 60_000.0);
                    break;
                }
            }
        }
        return new CardScore(incidents.size(), positions.size(), byPattern, median(positions), median(minutes), genuine,
                genuineAlerts, fraudAlerts, PointMetrics.of(fraud, flagged, judgedFrom),
                averagePrecision(fraud, result, judgedFrom), unscoredFraud, straddling.size());
    }

    double incidentRecall() {
        return incidents == 0 ? 0 : (double) caught / incidents;
    }

    /** Anomaly events on genuine transactions per 10,000 genuine transactions. */
    double falseAlertsPer10k() {
        return genuine == 0 ? 0 : genuineAlerts * 10_000.0 / genuine;
    }

    /** Share of anomaly events that fell on fraud. */
    double alertPrecision() {
        long alerts = genuineAlerts + fraudAlerts;
        return alerts == 0 ? 0 : (double) fraudAlerts / alerts;
    }

    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incidents", incidents);
        out.put("caught", caught);
        out.put("incident_recall", incidentRecall());
        Map<String, Object> patterns = new LinkedHashMap<>();
        byPattern.forEach((p, t) -> patterns.put(p.name(), Map.of("incidents", t[0], "caught", t[1])));
        out.put("by_pattern", patterns);
        out.put("median_transactions_before_caught", medianPosition);
        out.put("median_minutes_to_caught", medianMinutes);
        out.put("genuine", genuine);
        out.put("genuine_alerts", genuineAlerts);
        out.put("false_alerts_per_10k", falseAlertsPer10k());
        out.put("alert_precision", alertPrecision());
        out.put("average_precision", averagePrecision);
        out.put("unscored_fraud", unscoredFraud);
        out.put("incidents_begun_in_history", straddling);
        return out;
    }

    private static long time(List<CardSimulator.Labelled> transactions, int row) {
        return transactions.get(row).transaction().getEventTime().toEpochMilli();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Average precision of the scores of judged, scored transactions; every fraud transaction counts as a positive. */
    private static double averagePrecision(boolean[] fraud, CardReplay.Result result, int from) {
        long positives = 0;
        List<Integer> scored = new ArrayList<>();
        for (int i = from; i < fraud.length; i++) {
            positives += fraud[i] ? 1 : 0;
            if (result.verdicts()[i] != Verdict.WARMING_UP) {
                scored.add(i);
            }
        }
        if (positives == 0) {
            return 0;
        }
        Integer[] order = scored.toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> result.scores()[i]).reversed());
        double sum = 0;
        long hits = 0;
        for (int k = 0; k < order.length; k++) {
            if (fraud[order[k]]) {
                hits++;
                sum += (double) hits / (k + 1);
            }
        }
        return sum / positives;
    }
}
