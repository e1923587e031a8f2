package io.streamad.detector.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's memory: the last points of the most recently scored keys and the latest anomaly events,
 * both bounded. When a new key arrives at capacity, the least recently scored key that raised no anomaly
 * is dropped (or, if every key raised one, the least recently scored), so keys worth looking at stay.
 * Thread-safe: the feed writes, requests read.
 */
final class LiveState {

    private final int maxKeys;
    private final int pointsPerKey;
    private final int maxAnomalies;
    /** Access order: iteration starts at the least recently scored key. */
    private final LinkedHashMap<String, Ring> keys = new LinkedHashMap<>(16, 0.75f, true);
    private final Deque<Live.Anomaly> anomalies = new ArrayDeque<>();

    LiveState(int maxKeys, int pointsPerKey, int maxAnomalies) {
        this.maxKeys = maxKeys;
        this.pointsPerKey = pointsPerKey;
        this.maxAnomalies = maxAnomalies;
    }

    synchronized void add(Live.Point point) {
        Ring ring = keys.get(point.key());
        if (ring == null) {
            if (keys.size() >= maxKeys) {
                evictOne();
            }
            ring = new Ring(point.kind());
            keys.put(point.key(), ring);
        }
        ring.points.addLast(point);
        if (ring.points.size() > pointsPerKey) {
            ring.points.removeFirst();
        }
        if ("ANOMALY".equals(point.verdict())) {
            ring.anomalies++;
        }
    }

    synchronized void add(Live.Anomaly anomaly) {
        anomalies.addFirst(anomaly);
        if (anomalies.size() > maxAnomalies) {
            anomalies.removeLast();
        }
    }

    /** The kept points of {@code key}, oldest first; empty for a key not tracked. */
    synchronized List<Live.Point> points(String key) {
        Ring ring = keys.get(key);
        return ring == null ? List.of() : List.copyOf(ring.points);
    }

    /** The latest anomaly events, newest first. */
    synchronized List<Live.Anomaly> anomalies() {
        return List.copyOf(anomalies);
    }

    /** Up to {@code limit} tracked keys, those with anomalies first, then those with the most points. */
    synchronized List<Live.KeySummary> keys(int limit) {
        List<Live.KeySummary> all = new ArrayList<>(keys.size());
        // LinkedHashMap in access order: entrySet iteration does not reorder it, get() would
        keys.forEach((key, ring) -> all.add(new Live.KeySummary(key, ring.kind, ring.points.size(), ring.anomalies,
                ring.points.isEmpty() ? 0 : ring.points.getLast().t())));
        all.sort(Comparator.comparing((Live.KeySummary k) -> k.anomalies() > 0).reversed()
                .thenComparing(Comparator.comparingInt(Live.KeySummary::points).reversed())
                .thenComparing(Live.KeySummary::key));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    private void evictOne() {
        Iterator<Map.Entry<String, Ring>> it = keys.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().anomalies == 0) {
                it.remove();
                return;
            }
        }
        it = keys.entrySet().iterator();
        it.next();
        it.remove();
    }

    private static final class Ring {
        final String kind;
        final ArrayDeque<Live.Point> points = new ArrayDeque<>();
        int anomalies;

        Ring(String kind) {
            this.kind = kind;
        }
    }
}
