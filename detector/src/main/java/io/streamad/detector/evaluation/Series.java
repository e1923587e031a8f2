package io.streamad.detector.evaluation;

import io.streamad.avro.SensorReading;
import io.streamad.core.evaluation.EventMetrics;
import io.streamad.core.evaluation.NabScorer;

import java.util.ArrayList;
import java.util.List;

/**
 * One series to replay: readings of one sensor in event-time order.
 *
 * @param name         how reports name it (NAB: {@code <category>/<file>.csv})
 * @param measurements the measurement names, in feature order
 * @param history      readings replayed first and not judged (a train file), possibly empty
 * @param readings     the readings judged
 * @param labels       per judged reading, whether it is labelled anomalous; null when unlabelled
 * @param windows      NAB's labelled windows, for NAB scoring; null for other inputs
 */
public record Series(String name, List<String> measurements, List<SensorReading> history, List<SensorReading> readings,
                     boolean[] labels, List<NabScorer.Window> windows) {

    public Series {
        measurements = List.copyOf(measurements);
        history = List.copyOf(history);
        readings = List.copyOf(readings);
        if (labels != null && labels.length != readings.size()) {
            throw new IllegalArgumentException(name + ": " + readings.size() + " readings but " + labels.length + " labels");
        }
        if (readings.isEmpty()) {
            throw new IllegalArgumentException(name + ": no readings to evaluate");
        }
    }

    /** NAB series: labels are the rows inside the windows. */
    public static Series nab(String name, List<SensorReading> readings, List<NabScorer.Window> windows) {
        boolean[] labels = new boolean[readings.size()];
        for (int i = 0; i < labels.length; i++) {
            long t = readings.get(i).getEventTime().toEpochMilli();
            for (NabScorer.Window w : windows) {
                labels[i] |= t >= w.start() && t <= w.end();
            }
        }
        return new Series(name, List.of("value"), List.of(), readings, labels, windows);
    }

    public boolean labelled() {
        return labels != null;
    }

    public long[] times() {
        long[] times = new long[readings.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = readings.get(i).getEventTime().toEpochMilli();
        }
        return times;
    }

    /** Labelled events as row ranges: NAB's windows, otherwise runs of anomalous rows. */
    public List<int[]> events() {
        if (windows == null) {
            return EventMetrics.runs(labels, 0);
        }
        long[] times = times();
        List<int[]> events = new ArrayList<>();
        for (NabScorer.Window w : windows) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < times.length; i++) {
                if (times[i] >= w.start() && times[i] <= w.end()) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first >= 0) {
                events.add(new int[] {first, last});
            }
        }
        return events;
    }
}
