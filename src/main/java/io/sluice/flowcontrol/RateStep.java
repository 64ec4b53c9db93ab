package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;

/**
 * How a flow's rate moves, and how often: cut by {@code backoffFactor} (never below {@code minRate}, unless the rate
 * already is), raised by {@code rampUpFactor} up to a ceiling, cut at most once per {@code window} and raised at
 * most once per {@code upHoldoff} after any change (anti-flap).
 *
 * @param backoffFactor multiplier of a cut, in (0,1)
 * @param rampUpFactor  multiplier of a raise, > 1
 * @param minRate       floor of a cut
 * @param cutSpacing    least time between two cuts ({@code window}: one cut per burst of bad replies)
 * @param raiseSpacing  least time between any change and the next raise ({@code upHoldoff})
 */
record RateStep(double backoffFactor, double rampUpFactor, double minRate, Duration cutSpacing,
                Duration raiseSpacing) {

    static RateStep of(FlowControlConfig config) {
        return new RateStep(config.getBackoffFactor(), config.getRampUpFactor(), config.getMinRate(),
                config.getWindow(), config.getUpHoldoff());
    }

    /** The rate after a cut: {@code rate x backoffFactor}, at least {@code minRate} unless already below it. */
    double cut(double rate) {
        return Math.max(rate * backoffFactor, Math.min(minRate, rate));
    }

    /** The rate after a raise: {@code rate x rampUpFactor}, at most {@code ceiling}. */
    double raise(double rate, double ceiling) {
        return Math.min(rate * rampUpFactor, ceiling);
    }

    /** True when no cut happened within {@code cutSpacing} before {@code now}. */
    boolean mayCut(Instant lastCut, Instant now) {
        return lastCut == null || !now.isBefore(lastCut.plus(cutSpacing));
    }

    /** True when the rate has not changed within {@code raiseSpacing} before {@code now}. */
    boolean mayRaise(Instant lastRateChange, Instant now) {
        return !now.isBefore(lastRateChange.plus(raiseSpacing));
    }
}
