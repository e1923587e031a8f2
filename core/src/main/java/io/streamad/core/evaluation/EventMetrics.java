package io.streamad.core.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Anomalies as events: a labelled event (a NAB window, or a run of consecutive anomalous rows) is
 * detected when at least one of its rows is flagged; its delay is the time and the number of rows
 * from its first row to the first flagged one.
 *
 * @param events   labelled events judged
 * @param detected events with at least one flagged row
 * @param delays   delay of each detected event, in event order
 */
public record EventMetrics(int events, int detected, List<Delay> delays) {

    /** How long after an event began it was first flagged. */
    public record Delay(long millis, int rows) {
    }

    public EventMetrics {
        delays = List.copyOf(delays);
    }

    /**
     * @param times      row event times (epoch milliseconds)
     * @param events     each event as {@code [firstRow, lastRow]}, inclusive
     * @param detections whether each row was flagged
     */
    public static EventMetrics of(long[] times, List<int[]> events, boolean[] detections) {
        List<Delay> delays = new ArrayList<>();
        for (int[] event : events) {
            for (int i = event[0]; i <= event[1]; i++) {
                if (detections[i]) {
                    delays.add(new Delay(times[i] - times[event[0]], i - event[0]));
                    break;
                }
            }
        }
        return new EventMetrics(events.size(), delays.size(), delays);
    }

    /** Runs of consecutive rows labelled anomalous, from {@code from} onwards, as {@code [firstRow, lastRow]}. */
    public static List<int[]> runs(boolean[] labels, int from) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = Math.max(0, from); i <= labels.length; i++) {
            boolean anomalous = i < labels.length && labels[i];
            if (anomalous && start < 0) {
                start = i;
            } else if (!anomalous && start >= 0) {
                runs.add(new int[] {start, i - 1});
                start = -1;
            }
        }
        return runs;
    }

    public EventMetrics plus(EventMetrics other) {
        List<Delay> all = new ArrayList<>(delays);
        all.addAll(other.delays);
        return new EventMetrics(events + other.events, detected + other.detected, all);
    }

    /** Share of events detected. */
    public double recall() {
        return events == 0 ? 0 : (double) detected / events;
    }

    /** Median delay in rows over the detected events, or -1 when none was detected. */
    public double medianDelayRows() {
        if (delays.isEmpty()) {
            return -1;
        }
        int[] rows = delays.stream().mapToInt(Delay::rows).sorted().toArray();
        int n = rows.length;
        return n % 2 == 1 ? rows[n / 2] : (rows[n / 2 - 1] + rows[n / 2]) / 2.0;
    }

    /** Median delay in milliseconds over the detected events, or -1 when none was detected. */
    public double medianDelayMillis() {
        if (delays.isEmpty()) {
            return -1;
        }
        long[] millis = delays.stream().mapToLong(Delay::millis).sorted().toArray();
        int n = millis.length;
        return n % 2 == 1 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2.0;
    }
}
