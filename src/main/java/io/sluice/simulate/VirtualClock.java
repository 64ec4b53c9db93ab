package io.sluice.simulate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulation's clock: stands still until the simulation moves it; one simulation, one thread. */
final class VirtualClock extends Clock {

    private final Instant start;
    private long nanos;

    VirtualClock(Instant start) {
        this.start = start;
    }

    /** Moves to {@code nanosSinceStart}; never backwards. */
    void moveTo(long nanosSinceStart) {
        if (nanosSinceStart < nanos) {
            throw new IllegalStateException("the virtual clock cannot go back from " + nanos + " to " + nanosSinceStart);
        }
        nanos = nanosSinceStart;
    }

    long nanos() {
        return nanos;
    }

    Instant start() {
        return start;
    }

    @Override
    public Instant instant() {
        return start.plus(Duration.ofNanos(nanos));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the virtual clock is UTC only");
    }
}
