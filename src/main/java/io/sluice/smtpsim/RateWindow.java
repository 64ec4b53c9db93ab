package io.sluice.smtpsim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A fixed counting window: at most {@code max} permits from the moment the window opens until
 * {@code length} later. Time comes from an injected {@link Clock} so tests move time instead of
 * sleeping.
 */
final class RateWindow {

    private final int max;
    private final Duration length;
    private final Clock clock;

    private Instant opened;
    private int used;

    RateWindow(int max, Duration length, Clock clock) {
        this.max = max;
        this.length = length;
        this.clock = clock;
    }

    /** Takes one permit if the current window has one left; a denied call does not use a permit. */
    synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        if (opened == null || !now.isBefore(opened.plus(length))) {
            opened = now;
            used = 0;
        }
        if (used >= max) {
            return false;
        }
        used++;
        return true;
    }
}
