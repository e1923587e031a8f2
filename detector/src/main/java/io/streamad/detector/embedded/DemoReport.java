package io.streamad.detector.embedded;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.FeatureContribution;
import io.streamad.avro.ScoredRecord;
import io.streamad.avro.StreamKind;
import io.streamad.avro.Verdict;
import io.streamad.core.serde.AvroSerde;
import io.streamad.detector.topology.ScoringTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Prints what the detector finds, as it finds it: every anomaly event (read committed from the
 * anomalies topic) checked against the series' labelled windows or the simulator's fraud labels, a
 * periodic summary, and the final tally for the NAB series once every reading has been scored.
 */
final class DemoReport implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger("streamad.demo");

    private final String bootstrapServers;
    private final String anomalies;
    private final String scores;
    private final NabSeries series;
    private final DemoReplay replay;
    private final Duration interval;
    private final SeriesTally sensor;
    private final Set<String> incidentsCaught = new HashSet<>();
    /** Incidents with at least one transaction scored by a model: those published before the first card model can't be caught. */
    private final Set<String> incidentsScored = new HashSet<>();
    private long transactionsScored;
    private long transactionAlerts;
    private long genuineAlerts;
    private volatile boolean running = true;

    DemoReport(String bootstrapServers, String anomalies, String scores, NabSeries series, DemoReplay replay,
               Duration interval, Instant probationEnd) {
        this.bootstrapServers = bootstrapServers;
        this.anomalies = anomalies;
        this.scores = scores;
        this.series = series;
        this.replay = replay;
        this.interval = interval;
        this.sensor = new SeriesTally(series, probationEnd);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        AvroSerde<AnomalyEvent> anomalySerde = AvroSerde.ofOutput(AnomalyEvent.class);
        AvroSerde<ScoredRecord> scoreSerde = AvroSerde.ofOutput(ScoredRecord.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "streamad-demo-report-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(anomalies, scores));
            Instant nextSummary = Instant.now().plus(interval);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(anomalies)) {
                        onAnomaly(anomalySerde.decode(r.value()));
                    } else {
                        onScore(scoreSerde.decode(r.value()));
                    }
                }
                if (Instant.now().isAfter(nextSummary)) {
                    summary();
                    nextSummary = Instant.now().plus(interval);
                }
            }
        }
    }

    private void onAnomaly(AnomalyEvent a) {
        String verdict;
        if (a.getKind() == StreamKind.SENSOR) {
            verdict = sensor.anomaly(a.getEventTime());
        } else {
            transactionAlerts++;
            CardSimulator.Labelled fraud = replay.fraudAt(a.getKey(), a.getEventTime());
            if (fraud == null) {
                genuineAlerts++;
                verdict = "genuine transaction (false alarm)";
            } else {
                verdict = (incidentsCaught.add(fraud.incident()) ? "CAUGHT " : "also ") + fraud.pattern() + " " + fraud.incident();
            }
        }
        LOG.info("ANOMALY {} {} at {} score {} {} {} ({}), top: {} -> {}", a.getKind(), a.getKey(), a.getEventTime(),
                String.format("%.3g", a.getScore()), comparison(a), String.format("%.3g", a.getThreshold()), a.getThresholdSource(),
                a.getTopContributors().stream().map(DemoReport::contribution).collect(Collectors.joining(", ")), verdict);
    }

    /** How the score compared with the threshold, or which rule made the record an anomaly whatever its score. */
    private static String comparison(AnomalyEvent a) {
        if (a.getScore() > a.getThreshold()) {
            return ">";
        }
        if (a.getOutOfRange()) {
            return "<= (beyond the range)";
        }
        Double run = a.getWindowSummary().get(ScoringTopology.STUCK_RUN);
        return a.getStuck() && run != null ? String.format("<= (one value for %.0f readings)", run) : "<=";
    }

    private static String contribution(FeatureContribution c) {
        return String.format("%s %.0f%% (%.2f)", c.getFeature(), 100 * c.getShare(), c.getValue());
    }

    private void onScore(ScoredRecord s) {
        if (s.getKind() == StreamKind.SENSOR) {
            if (s.getKey().equals(series.sensorId()) && sensor.scored() && !sensor.reported()) {
                sensor.report(LOG);
            }
        } else if (s.getVerdict() != Verdict.WARMING_UP) {
            transactionsScored++;
            CardSimulator.Labelled fraud = replay.fraudAt(s.getKey(), s.getEventTime());
            if (fraud != null) {
                incidentsScored.add(fraud.incident());
            }
        }
    }

    private void summary() {
        LOG.info("SUMMARY sensor {}: {}/{} readings scored, {} alerts ({} in labelled windows). Cards: {} transactions scored, "
                        + "{} alerts, {} fraud incidents replayed, {} of them reached a model, {} caught, {} alerts on genuine "
                        + "transactions ({} per 10k)",
                series.sensorId(), sensor.count(), series.readings().size(), sensor.alerts(), sensor.alertsInWindows(),
                transactionsScored, transactionAlerts, replay.incidentsReplayed(), incidentsScored.size(), incidentsCaught.size(),
                genuineAlerts,
                transactionsScored == 0 ? 0 : String.format("%.1f", 1e4 * genuineAlerts / transactionsScored));
    }

    /** The NAB series' detections against its labelled windows. */
    private static final class SeriesTally {
        private final NabSeries series;
        private final Instant probationEnd;
        private final Map<Integer, Instant> firstDetection = new TreeMap<>();
        private long count;
        private int alerts;
        private int alertsInWindows;
        private int falseAlarms;
        private boolean reported;

        SeriesTally(NabSeries series, Instant probationEnd) {
            this.series = series;
            this.probationEnd = probationEnd;
        }

        String anomaly(Instant t) {
            alerts++;
            NabSeries.Window w = series.windowAt(t);
            if (w != null) {
                alertsInWindows++;
                boolean first = firstDetection.putIfAbsent(w.number(), t) == null;
                return (first ? "DETECTED labelled window " : "again in labelled window ") + w.number()
                        + " [" + w.start() + " .. " + w.end() + "]";
            }
            if (t.isBefore(probationEnd)) {
                return "in the probation period (not scored by NAB)";
            }
            falseAlarms++;
            return "outside the labelled windows (false alarm)";
        }

        boolean scored() {
            return ++count == series.readings().size();
        }

        long count() {
            return count;
        }

        int alerts() {
            return alerts;
        }

        int alertsInWindows() {
            return alertsInWindows;
        }

        boolean reported() {
            return reported;
        }

        void report(Logger log) {
            reported = true;
            log.info("RESULT {}: all {} readings scored. Labelled anomaly windows detected: {} of {}; "
                            + "alerts inside windows: {}; false alarms (outside windows, after probation): {}",
                    series.sensorId(), count, firstDetection.size(), series.windows().size(), alertsInWindows, falseAlarms);
            for (NabSeries.Window w : series.windows()) {
                Instant first = firstDetection.get(w.number());
                log.info("RESULT   window {} [{} .. {}]: {}", w.number(), w.start(), w.end(), first == null ? "missed"
                        : "first alert at " + first + ", " + Duration.between(w.start(), first).toHours() + " h into the window");
            }
        }
    }
}
