package io.streamad.detector.dashboard;

import io.streamad.avro.AnomalyEvent;
import io.streamad.avro.ScoredRecord;

import java.util.Map;
import java.util.TreeMap;

/** The wire records of the scores and anomalies topics as the dashboard shows them. */
final class LiveViews {

    private LiveViews() {
    }

    static Live.Point point(ScoredRecord r) {
        return new Live.Point(r.getKey(), r.getKind().name(), r.getEventTime().toEpochMilli(), r.getScore(),
                r.getThreshold(), r.getVerdict().name(), r.getModelVersion());
    }

    static Live.Anomaly anomaly(AnomalyEvent a) {
        Map<String, Double> window = new TreeMap<>();
        a.getWindowSummary().forEach((k, v) -> window.put(k.toString(), v));
        return new Live.Anomaly(a.getKey(), a.getKind().name(), a.getEventTime().toEpochMilli(), a.getScore(),
                a.getThreshold(), a.getThresholdSource().name(), a.getModelVersion(),
                a.getTopContributors().stream()
                        .map(c -> new Live.Contribution(c.getFeature(), c.getShare(), c.getValue())).toList(),
                window);
    }
}
