package io.sluice.flowcontrol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand: no sleeping, no wall clock. */
public final class MutableClock extends Clock {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private volatile Instant now;

    public MutableClock() {
        this(T0);
    }

    MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void advanceSeconds(long s) {
        advance(Duration.ofSeconds(s));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
