package io.sluice.flowcontrol;

import java.time.Instant;

/**
 * What a site has taught us about its limit, as plain values (no references to live objects), kept in its
 * {@link FlowState} and meant to be stored with it: the rate at which deferrals began, and the highest rate its
 * receiver accepted cleanly. A flow ramps quickly to just under the limit ({@code plateauShare} of the onset), then
 * carefully beyond it (the plateau of TCP CUBIC); a rate accepted cleanly well above the onset forgets the onset (the
 * limit rose), and deferrals below the clean maximum lower it (the limit fell).
 *
 * @param deferralOnsetRate msg/s at which deferrals began (the rate a deferral-driven cut was made from, or what the
 *                          receiver accepted per second in the window that was deferred, if lower); NaN if unknown
 * @param cleanMaxRate      the highest msg/s of a clean window sent at (at least half) its rate; NaN if unknown
 * @param learnedAt         when either value last changed; null when nothing was learned
 * @param measured          true when the onset was measured from the receiver's own rhythm ({@link QuotaCycle}), not
 *                          guessed from a cut's rate or a window's share
 */
public record LearnedLimit(double deferralOnsetRate, double cleanMaxRate, Instant learnedAt, boolean measured) {

    /** Nothing learned. */
    public static final LearnedLimit NONE = new LearnedLimit(Double.NaN, Double.NaN, null);

    /** A limit whose onset was not measured from the receiver's rhythm. */
    public LearnedLimit(double deferralOnsetRate, double cleanMaxRate, Instant learnedAt) {
        this(deferralOnsetRate, cleanMaxRate, learnedAt, false);
    }

    public LearnedLimit {
        check("deferralOnsetRate", deferralOnsetRate);
        check("cleanMaxRate", cleanMaxRate);
        if (learnedAt == null && (!Double.isNaN(deferralOnsetRate) || !Double.isNaN(cleanMaxRate))) {
            throw new IllegalArgumentException("a learned limit needs learnedAt");
        }
    }

    /** True when the rate at which deferrals begin is known. */
    public boolean onsetKnown() {
        return !Double.isNaN(deferralOnsetRate);
    }

    /** True when nothing was learned. */
    public boolean isEmpty() {
        return learnedAt == null;
    }

    /**
     * The rate to ramp quickly to: {@code share} of the onset (never below the clean maximum under it), or the clean
     * maximum when no onset is known; NaN when nothing was learned.
     */
    public double plateau(double share) {
        if (!onsetKnown()) {
            return cleanMaxRate;
        }
        double p = deferralOnsetRate * shareFor(share);
        return !Double.isNaN(cleanMaxRate) && cleanMaxRate < deferralOnsetRate ? Math.max(p, cleanMaxRate) : p;
    }

    /**
     * The share of the onset to ramp quickly to (a cut at the known limit still steps back by {@code plateauShare}):
     * {@code plateauShare} under an onset guessed from a cut's rate or a window's share; halfway from it to 1 under
     * one measured from the receiver's rhythm, which is known to within half a send interval over a whole period of
     * the receiver (0.96 at the shipped 0.92: simulate --anvil 30/10s, 96.8 s against 100.0 s, as many deferred).
     * 0 stays 0 (off).
     */
    public double shareFor(double plateauShare) {
        return measured && plateauShare > 0 ? (1 + plateauShare) / 2 : plateauShare;
    }

    /**
     * Deferrals began at {@code rate}: the onset (a lower one known stays: deferrals a little above it are the careful
     * climb finding it again; a limit that rose was forgotten by {@link #cleanAt}), and a clean maximum above it no
     * longer holds.
     */
    LearnedLimit deferredAt(double rate, Instant at) {
        double onset = onsetKnown() ? Math.min(deferralOnsetRate, rate) : rate;
        double clean = Double.isNaN(cleanMaxRate) ? cleanMaxRate : Math.min(cleanMaxRate, onset);
        return new LearnedLimit(onset, clean, at, measured && onset == deferralOnsetRate);
    }

    /**
     * The receiver's own rhythm measured its rate ({@link QuotaCycle}): that is where deferrals begin, higher or lower
     * than the onset known (the measure is better than the rate a cut was made from, or than a window's share).
     */
    LearnedLimit measuredAt(double rate, Instant at) {
        return new LearnedLimit(rate, cleanMaxRate, at, true);
    }

    /**
     * A window was deferred although the receiver accepted {@code acceptedPerSecond}: if below the known onset, that
     * is where deferrals begin (a fixed-window receiver takes its quota, then defers whatever the rate). Only a guess
     * when Sluice's window and the receiver's period are not aligned (a window holding part of a quota guesses too
     * low), so an onset measured from the receiver's rhythm is kept.
     */
    LearnedLimit acceptedWhileDeferred(double acceptedPerSecond, Instant at) {
        if (measured || !(acceptedPerSecond > 0) || onsetKnown() && acceptedPerSecond >= deferralOnsetRate) {
            return this;
        }
        return deferredAt(acceptedPerSecond, at);
    }

    /**
     * A clean window at {@code rate}: a higher clean maximum. An onset that a clean rate passed by more than
     * {@code 1/share} is forgotten (the limit rose: the normal ramp resumes); closer to it, it stays (a fixed-window
     * receiver lets a rate a little above its limit through cleanly for a window or two while the phases drift).
     */
    LearnedLimit cleanAt(double rate, double share, Instant at) {
        if (!Double.isNaN(cleanMaxRate) && rate <= cleanMaxRate) {
            return this;
        }
        if (onsetKnown() && rate * share > deferralOnsetRate) {
            return new LearnedLimit(Double.NaN, rate, at); // passed cleanly: the limit rose, the normal ramp resumes
        }
        return new LearnedLimit(deferralOnsetRate, rate, at, measured);
    }

    /** "deferrals from 3.1 msg/s, clean up to 2.7 msg/s" or "nothing learned". */
    public String describe() {
        if (isEmpty()) {
            return "nothing learned";
        }
        String onset = onsetKnown() ? "deferrals from " + Texts.rate(deferralOnsetRate) + " msg/s" : null;
        String clean = Double.isNaN(cleanMaxRate) ? null : "clean up to " + Texts.rate(cleanMaxRate) + " msg/s";
        return onset == null ? clean : clean == null ? onset : onset + ", " + clean;
    }

    private static void check(String name, double v) {
        if (Double.isInfinite(v) || v < 0) {
            throw new IllegalArgumentException("learned " + name + " must be >= 0 or NaN (unknown), was " + v);
        }
    }
}
