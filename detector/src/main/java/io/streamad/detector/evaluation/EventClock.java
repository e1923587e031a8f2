package io.streamad.detector.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The replayed stream's event time as a clock: the retraining schedule runs on it, not on the wall clock. */
final class EventClock extends Clock {

    private volatile long millis;

    void advanceTo(long eventMillis) {
        millis = Math.max(millis, eventMillis);
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the event clock is UTC only");
    }
}
