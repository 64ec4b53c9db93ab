package io.sluice.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one clock tests move by hand: no sleeping through windows, suspensions or hours. Two kinds:
 * {@link #at(Instant)} stands still until moved (unit tests of time rules); {@link #wallClockPlusOffset()} follows
 * the wall clock plus what the test added, for tests against a running application whose database seeded rows
 * "due now" (moved only forward there, so they stay due). Simulations may also move a standing clock back.
 */
public final class TestClock extends Clock {

    /** The start of {@link #at()}: a fixed, recognisable instant. */
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    private TestClock(Clock base) {
        this.base = base;
    }

    /** A clock standing at {@link #T0} until moved. */
    public static TestClock at() {
        return at(T0);
    }

    /** A clock standing at {@code start} until moved. */
    public static TestClock at(Instant start) {
        return new TestClock(Clock.fixed(start, ZoneOffset.UTC));
    }

    /** The wall clock, plus whatever {@link #advance(Duration)} added. */
    public static TestClock wallClockPlusOffset() {
        return new TestClock(Clock.systemUTC());
    }

    public void advance(Duration d) {
        offset = offset.plus(d);
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
