package io.streamad.trainer.service;

import io.streamad.trainer.config.TrainerConfig;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * A bounded, recent sample of one family's normal feature rows. Memory stays flat: at most
 * {@code capacity} rows (the oldest are overwritten), a delay line of rows not yet admitted, and the
 * last anomaly time of at most {@code maxKeys} keys.
 *
 * <p>Rows near an anomaly are left out, before and after it: a normal row waits in the delay line
 * (ordered by event time: partitions are read at different paces) until the stream's event time has
 * moved {@code guard} past it, and is dropped if its key had an anomaly within {@code guard} of it.
 * A {@link #label labelled} span (an anomaly confirmed after the fact) takes its key's rows in it out of the
 * sample, those already admitted too, and keeps later ones out. Thread-safe.
 */
public final class NormalSample {

    /** A snapshot for training: rows oldest first, with their event times. */
    public record Snapshot(float[][] rows, long[] eventTimes) {
        public int size() {
            return rows.length;
        }
    }

    private record Pending(String key, long eventTime, float[] features) {
    }

    /** Labelled spans remembered per key; older ones are forgotten (their rows are gone from the sample by then). */
    static final int LABELS_PER_KEY = 16;

    private final float[][] rows;
    private final long[] times;
    private final String[] keys;
    private final long maxAge;
    private final long guard;
    private final PriorityQueue<Pending> delay = new PriorityQueue<>(Comparator.comparingLong(Pending::eventTime));
    private final Map<String, Long> lastAnomaly;
    /** Per key, labelled spans widened by the guard: {from, to} in event-time milliseconds. */
    private final Map<String, Deque<long[]>> labelled;
    private int next;
    private int size;
    private long newest = Long.MIN_VALUE;
    private long admitted;

    /** Rows stamped further than this ahead of the wall clock are refused: one must not move "newest" into the future. */
    static final long FUTURE_TOLERANCE = Duration.ofDays(1).toMillis();

    private final LongSupplier clock;

    /**
     * Families whose anomaly guard is their own unless {@code streamad.trainer.sample.anomaly-guard-by-family}
     * names them: a card's purchases around a flagged one may be the same fraud, and a model that learns them
     * learns the fraud (evaluate cards: 111 of 113 incidents caught with an hour, 104 with a minute).
     */
    public static final Map<String, Duration> FAMILY_GUARDS = Map.of("transaction", Duration.ofHours(1));

    /** The sample of one family as the trainer's settings describe it. */
    public static NormalSample of(TrainerConfig.Sample settings, String family, LongSupplier clock) {
        return new NormalSample(settings.getMaxRows(), settings.getMaxAge(), guard(settings, family), settings.getMaxKeys(), clock);
    }

    /** A family's anomaly guard: its configured one, else its built-in one, else the global one. */
    public static Duration guard(TrainerConfig.Sample settings, String family) {
        Map<String, Duration> byFamily = settings.getAnomalyGuardByFamily();
        if (byFamily != null && byFamily.containsKey(family)) {
            return byFamily.get(family);
        }
        return FAMILY_GUARDS.getOrDefault(family, settings.getAnomalyGuard());
    }

    public NormalSample(int capacity, Duration maxAge, Duration guard, int maxKeys) {
        this(capacity, maxAge, guard, maxKeys, System::currentTimeMillis);
    }

    /** @param clock the time rows may not be ahead of (by more than a day) */
    public NormalSample(int capacity, Duration maxAge, Duration guard, int maxKeys, LongSupplier clock) {
        this.clock = clock;
        this.rows = new float[capacity][];
        this.times = new long[capacity];
        this.keys = new String[capacity];
        this.maxAge = maxAge.toMillis();
        this.guard = guard.toMillis();
        this.lastAnomaly = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxKeys;
            }
        };
        this.labelled = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<long[]>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * A row the detector judged normal (or, before any model, a row with features).
     *
     * @return false when the row was refused for an event time ahead of the clock
     */
    public synchronized boolean normal(String key, long eventTime, float[] features) {
        if (eventTime > clock.getAsLong() + FUTURE_TOLERANCE) {
            return false;
        }
        advance(eventTime);
        if (!excluded(key, eventTime)) {
            delay.add(new Pending(key, eventTime, features));
        }
        release();
        return true;
    }

    /** An anomaly: its key's rows around it stay out of the sample. */
    public synchronized void anomaly(String key, long eventTime) {
        if (eventTime <= clock.getAsLong() + FUTURE_TOLERANCE) {
            advance(eventTime);
        }
        lastAnomaly.put(key, eventTime);
        release();
    }

    private void advance(long eventTime) {
        newest = Math.max(newest, eventTime);
    }

    /**
     * A confirmed anomaly of {@code key} from {@code start} to {@code end} (event times): the key's rows within
     * the guard of that span leave the sample, whether admitted, still in the delay line, or yet to come.
     *
     * @return how many rows were taken out
     */
    public synchronized int label(String key, long start, long end) {
        if (end < start) {
            throw new IllegalArgumentException("a label ends (" + end + ") before it starts (" + start + ")");
        }
        long from = start - guard;
        long to = end + guard;
        Deque<long[]> spans = labelled.computeIfAbsent(key, k -> new ArrayDeque<>());
        spans.addLast(new long[] {from, to});
        if (spans.size() > LABELS_PER_KEY) {
            spans.removeFirst();
        }
        int before = delay.size();
        delay.removeIf(p -> inSpan(p.key(), p.eventTime(), key, from, to));
        return before - delay.size() + removeAdmitted(key, from, to);
    }

    private static boolean inSpan(String rowKey, long time, String key, long from, long to) {
        return key.equals(rowKey) && time >= from && time <= to;
    }

    /** Takes the key's admitted rows in [from, to] out of the ring, keeping the others in order. */
    private int removeAdmitted(String key, long from, long to) {
        int start = size < rows.length ? 0 : next;
        boolean any = false;
        for (int i = 0; i < size && !any; i++) {
            int at = (start + i) % rows.length;
            any = inSpan(keys[at], times[at], key, from, to);
        }
        if (!any) {
            return 0; // the usual case for labels read at start-up, before the scores that fill the sample
        }
        int kept = 0;
        float[][] keptRows = new float[rows.length][];
        long[] keptTimes = new long[rows.length];
        String[] keptKeys = new String[rows.length];
        for (int i = 0; i < size; i++) {
            int at = (start + i) % rows.length;
            if (!inSpan(keys[at], times[at], key, from, to)) {
                keptRows[kept] = rows[at];
                keptTimes[kept] = times[at];
                keptKeys[kept++] = keys[at];
            }
        }
        int removed = size - kept;
        System.arraycopy(keptRows, 0, rows, 0, rows.length);
        System.arraycopy(keptTimes, 0, times, 0, rows.length);
        System.arraycopy(keptKeys, 0, keys, 0, rows.length);
        size = kept;
        next = kept % rows.length;
        return removed;
    }

    private boolean excluded(String key, long eventTime) {
        Long anomaly = lastAnomaly.get(key);
        if (anomaly != null && Math.abs(eventTime - anomaly) <= guard) {
            return true;
        }
        Deque<long[]> spans = labelled.get(key);
        if (spans != null) {
            for (long[] span : spans) {
                if (eventTime >= span[0] && eventTime <= span[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Admits delayed rows whose guard has passed, or the oldest when the delay line outgrows the sample. */
    private void release() {
        while (!delay.isEmpty() && (delay.peek().eventTime() < newest - guard || delay.size() > rows.length)) {
            Pending p = delay.poll();
            if (!excluded(p.key(), p.eventTime())) {
                rows[next] = p.features();
                times[next] = p.eventTime();
                keys[next] = p.key();
                next = (next + 1) % rows.length;
                size = Math.min(size + 1, rows.length);
                admitted++;
            }
        }
    }

    /**
     * Admitted rows no older than {@code maxAge} behind the newest, in event-time order, rows of one time in key order
     * (a key's rows of one time by their features):
     * the order the scores arrived in (partitions interleave as they please) does not reach the training, so the same
     * rows and seed train the same model.
     */
    public synchronized Snapshot snapshot() {
        long cutoff = newest - maxAge;
        int start = size < rows.length ? 0 : next;
        List<Integer> kept = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = (start + i) % rows.length;
            if (times[at] >= cutoff) {
                kept.add(at);
            }
        }
        kept.sort(Comparator.<Integer>comparingLong(at -> times[at])
                .thenComparing(at -> keys[at], Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(at -> rows[at], Arrays::compare));
        float[][] out = new float[kept.size()][];
        long[] outTimes = new long[kept.size()];
        for (int n = 0; n < out.length; n++) {
            out[n] = rows[kept.get(n)];
            outTimes[n] = times[kept.get(n)];
        }
        return new Snapshot(out, outTimes);
    }

    /** Rows admitted since the sample was created; compare with an earlier reading to count new ones. */
    public synchronized long admitted() {
        return admitted;
    }

    /** Admitted rows within the maximum age: what a snapshot would hold now. */
    public synchronized int size() {
        long cutoff = newest - maxAge;
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += times[i] >= cutoff ? 1 : 0;
        }
        return n;
    }
}
