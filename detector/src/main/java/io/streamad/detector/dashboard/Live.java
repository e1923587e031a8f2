package io.streamad.detector.dashboard;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** What the dashboard's endpoints send, as JSON. */
final class Live {

    private Live() {
    }

    /** One scored record: event time in epoch millis, verdict NORMAL, ANOMALY or WARMING_UP. */
    @Serdeable
    record Point(String key, String kind, long t, double score, double threshold, String verdict, String model) {
    }

    @Serdeable
    record Contribution(String feature, double share, double value) {
    }

    /** An anomaly event as read from the anomalies topic. */
    @Serdeable
    record Anomaly(String key, String kind, long t, double score, double threshold, String thresholdSource,
                   String model, List<Contribution> top, Map<String, Double> window) {
    }

    /** A tracked key: how many points are kept for it and how many anomalies it raised while tracked. */
    @Serdeable
    record KeySummary(String key, String kind, int points, int anomalies, long lastT) {
    }

    /**
     * @param recordsPerSecond scores written to the scores topic per second, by every detector instance
     * @param scored           records scored by this instance since it started
     * @param anomalies        anomaly events raised by this instance since it started
     * @param lag              records on the input topics not yet read by this instance's streams (null: unknown yet)
     * @param deadLetters      records this instance sent to the dead-letter topic, by reason
     */
    @Serdeable
    record Stats(double recordsPerSecond, long scored, long anomalies, Long lag, Map<String, Long> deadLetters,
                 List<KeySummary> keys) {
    }

    /** Everything for a first paint: the tracked keys, one key's points, the latest anomalies, newest first. */
    @Serdeable
    record Snapshot(String key, List<Point> points, List<Anomaly> anomalies, Stats stats) {
    }
}
