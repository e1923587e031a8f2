package io.streamad.detector.evaluation;

import io.streamad.core.evaluation.EventMetrics;
import io.streamad.core.evaluation.NabProfile;
import io.streamad.core.evaluation.NabScorer;
import io.streamad.core.evaluation.PointMetrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One series' metrics. Point-wise metrics judge every row's verdict; NAB and the event-level metrics
 * judge the alerts (anomaly events), which is what an operator receives. NAB series skip their
 * probationary rows in every metric, as NAB does.
 *
 * @param nab    NAB's raw score per profile name; empty for other inputs
 * @param points point-wise agreement, or null when unlabelled
 * @param events event-level detection, or null when unlabelled
 */
public record SeriesScore(SeriesResult result, Map<String, NabScorer.FileScore> nab, PointMetrics points,
                          EventMetrics events) {

    public static SeriesScore of(SeriesResult result) {
        Series series = result.series();
        Map<String, NabScorer.FileScore> nab = new LinkedHashMap<>();
        int from = 0;
        if (series.windows() != null) {
            long[] times = series.times();
            for (NabProfile profile : NabProfile.ALL) {
                nab.put(profile.name(), NabScorer.score(times, result.alerts(), series.windows(), profile));
            }
            from = NabScorer.probation(times.length);
        }
        if (!series.labelled()) {
            return new SeriesScore(result, nab, null, null);
        }
        int judgedFrom = from;
        PointMetrics points = PointMetrics.of(series.labels(), result.anomalous(), judgedFrom);
        EventMetrics events = EventMetrics.of(series.times(),
                series.events().stream().filter(e -> e[1] >= judgedFrom).map(e -> new int[] {Math.max(e[0], judgedFrom), e[1]}).toList(),
                result.alerts());
        return new SeriesScore(result, nab, points, events);
    }

    public String name() {
        return result.series().name();
    }
}
