package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;

/**
 * A receiver's limit measured from its own rhythm rather than from Sluice's windows, as a plain value kept in the
 * {@link BurstWatch} of a flow's {@link FlowState}. A fixed-window receiver (Postfix's anvil-like limits: N per
 * period) accepts its quota, defers whatever the rate until its period ends, then accepts again: the first acceptance
 * after a run of deferrals is a <em>renewal</em>, and between two renewals it accepted exactly its quota per period.
 * So acceptances from one renewal (or from the flow's first acceptance, where the receiver's period began) to the
 * next, divided by the time between them, is its rate, wherever Sluice's windows fall.
 *
 * <p>Sluice's own window was the measure before: a window that held only part of the receiver's quota learned a
 * limit far too low (1.0 msg/s against 3, docs/flow-control.md).
 *
 * <p>Only a quota's shape measures: acceptances, then a run of at least {@link #MIN_RUN} deferrals (and at least one
 * per {@link #ACCEPTED_PER_RUN} acceptances), then a renewal.
 * Deferrals scattered among the acceptances ({@code stray}: a receiver deferring a share of messages at random, one
 * wanting a gap between messages, a token bucket near its rate) mean the span accepted at Sluice's own pace, not the
 * receiver's; beyond one in {@link #STRAY_PER_ACCEPTED} acceptances (replies of parallel sessions come back out of
 * order) the span measures nothing. Neither does a span in which a whole clean window closed (the receiver was not
 * exhausted all along): it is dropped, and the next span begins at a renewal only.
 *
 * <p>The receiver renewed somewhere between the last deferral and the acceptance after it; at a low rate that gap is
 * a whole send interval, so the renewal is put at its middle (the error is at most half a send interval).
 *
 * @param from         when the span measured began: the first acceptance of the flow, or the last renewal; null: none
 * @param accepted     acceptances since {@code from}, the one at {@code from} included
 * @param stray        deferrals or refusals since {@code from} that were not the run a renewal follows
 * @param deferredAt   the latest deferral or refusal of the run under way; null when the latest outcome was accepted
 * @param run          deferrals or refusals in the run under way
 * @param renewalsOnly true when only a renewal may begin the next span (after a dropped one)
 * @param unreported   with several instances, what the last span measured from this instance's own attempts, its
 *                     share of the receiver's rate, not yet reported to the site's judgement (null: none)
 */
public record QuotaCycle(Instant from, int accepted, int stray, Instant deferredAt, int run, boolean renewalsOnly,
                         QuotaShare unreported) {

    /** Nothing measured yet: the flow's first acceptance begins a span. */
    public static final QuotaCycle EMPTY = new QuotaCycle(null, 0, 0, null, 0, false);

    /** A span was dropped: the next renewal begins one. */
    static final QuotaCycle AWAITING_RENEWAL = new QuotaCycle(null, 0, 0, null, 0, true);

    /** Fewer acceptances in a span than this say nothing reliable about a limit. */
    static final int MIN_ACCEPTED = 5;

    /** The shortest run of deferrals a renewal follows (see above). */
    static final int MIN_RUN = 2;

    /**
     * A span measures only if the run of deferrals that ends it has at least one deferral per this many acceptances:
     * a receiver whose quota is used up defers all we send until its period ends, a run as long as our overshoot
     * (10 % over its rate: 3 deferrals after 30 acceptances); a run of 2 after 60 acceptances is what 10 % deferred at
     * random draws (it measured 9.15 msg/s at 10, then 7.42: {@code simulate --defer 10 --for 2m}).
     */
    static final int ACCEPTED_PER_RUN = 20;

    /** At most one stray deferral per this many acceptances in a span that measures. */
    static final int STRAY_PER_ACCEPTED = 10;

    /**
     * At most one stray deferral per this many acceptances before a run that cuts a flow in NORMAL, the first cut of
     * an episode. A receiver deferring 10 % at random sits right at one per 10: half its spans passed, and three of
     * its deferrals in a row after one cut the flow from 10 to 5 msg/s, from which it climbed back a window at a time
     * once the site healed (simulate --defer 10 --for 2m --messages 2000: 250.0 s against 195.4 plain). A quota used
     * up shows none in a single session. Later runs, while the receiver's period stays closed, keep one per
     * {@link #STRAY_PER_ACCEPTED}: parallel sessions' replies come back out of order around the period's end, and
     * with one per 20 there too the real pipeline made no third cut into a closed Postfix period (6 -> 3 -> 1.5 msg/s,
     * not 0.75, in two runs of two), measured 3.1 msg/s from the coarser renewal against the 2.73 Postfix grants and
     * drew 14 deferrals where it draws 9 (bench/postfix-convergence 240 30 10 cold 10).
     */
    static final int FIRST_CUT_STRAY_PER_ACCEPTED = 20;

    /** A span measures at most this many windows (60 s at the shipped 10 s: Postfix's anvil period). */
    static final int LONGEST_IN_WINDOWS = 6;

    public QuotaCycle {
        if (accepted < 0 || stray < 0 || run < 0 || from == null && (accepted != 0 || stray != 0)
                || (deferredAt == null) != (run == 0)) {
            throw new IllegalArgumentException("quota cycle: " + accepted + " accepted and " + stray
                    + " stray deferrals since " + from + ", a run of " + run + " deferrals, the last at " + deferredAt);
        }
    }

    /** Nothing unreported. */
    public QuotaCycle(Instant from, int accepted, int stray, Instant deferredAt, int run, boolean renewalsOnly) {
        this(from, accepted, stray, deferredAt, run, renewalsOnly, null);
    }

    /** The same cycle with {@code share} measured and not yet reported (null: reported). */
    QuotaCycle withUnreported(QuotaShare share) {
        return new QuotaCycle(from, accepted, stray, deferredAt, run, renewalsOnly, share);
    }

    /** True when the latest outcomes were a run of deferrals or refusals long enough for a renewal to follow. */
    boolean deferring() {
        return run >= MIN_RUN;
    }

    /**
     * True when deferrals began after a clean run of acceptances ({@link #MIN_ACCEPTED} at least, at most one stray
     * deferral per {@link #FIRST_CUT_STRAY_PER_ACCEPTED} for the {@code firstCut} of an episode, else per
     * {@link #STRAY_PER_ACCEPTED}) and go on: a receiver's quota used up. Only then does a run of
     * deferrals cut the rate before the window closes ({@link BurstWatch#triggers}), again at each burst while the
     * receiver's period stays closed (every attempt then is deferred). Deferrals scattered among acceptances (a
     * receiver deferring a share of messages at random) and a receiver deferring everything (an outage, a block) say
     * nothing a window would not: cutting early on them cut the rate once per window, 10 to 1.25 msg/s against 30 %
     * random deferrals where the windows alone hold 5 ({@code simulate --defer 30 --for 1m}). The windows judge
     * those, as without early reactions.
     */
    boolean quotaUsedUp(boolean firstCut) {
        int strayPerAccepted = firstCut ? FIRST_CUT_STRAY_PER_ACCEPTED : STRAY_PER_ACCEPTED;
        return run > 0 && from != null && accepted >= MIN_ACCEPTED && stray * strayPerAccepted <= accepted;
    }

    /** One more attempt's outcome at {@code now}. */
    QuotaCycle plus(boolean bad, Instant now) {
        if (bad) {
            return new QuotaCycle(from, accepted, stray, now, run + 1, renewalsOnly, unreported);
        }
        if (deferring() && (from == null || accepted >= MIN_ACCEPTED)) {
            // a renewal: it closes the span (rateClosedBy) and begins the next
            return new QuotaCycle(renewal(now), 1, 0, null, 0, false, unreported);
        }
        if (from == null) {
            // the flow's first acceptance begins a span; after a dropped one, only a renewal does
            return renewalsOnly ? AWAITING_RENEWAL.withUnreported(unreported)
                    : new QuotaCycle(now, 1, 0, null, 0, false, unreported);
        }
        return new QuotaCycle(from, accepted + 1, stray + run, null, 0, false, unreported);
    }

    /**
     * The receiver's rate measured by an outcome at {@code now}, in msg/s: what it accepted over the span this
     * acceptance closes (a renewal); NaN when this outcome closes no span, too few acceptances, too many stray
     * deferrals, a span longer than {@link #LONGEST_IN_WINDOWS} windows (the flow was idle, or restarted: the
     * receiver's period began again meanwhile) or shorter than half a {@code window}. A receiver whose period is that
     * short is measured right by the windows themselves (each holds several of its periods), and a short span is
     * what deferrals at random draw: 6 acceptances, then 2 deferrals, measured 8 msg/s at 10 against a receiver
     * deferring 30 % of messages (EarlyReactionTest).
     */
    double rateClosedBy(boolean bad, Instant now, Duration window) {
        if (bad || !deferring() || from == null || accepted < MIN_ACCEPTED
                || stray * STRAY_PER_ACCEPTED > accepted || run * ACCEPTED_PER_RUN < accepted) {
            return Double.NaN;
        }
        Duration span = Duration.between(from, renewal(now));
        return span.compareTo(window.dividedBy(2)) < 0 || span.compareTo(window.multipliedBy(LONGEST_IN_WINDOWS)) > 0
                ? Double.NaN : accepted / (span.toNanos() / 1e9);
    }

    /** A window closed; a clean one closing more than a window after the span began ends the span (see above). */
    QuotaCycle windowClosed(WindowCounts w, Duration window, Instant now) {
        if (from == null || w.badCount() > 0 || Duration.between(from, now).compareTo(window) <= 0) {
            return this;
        }
        return AWAITING_RENEWAL.withUnreported(unreported);
    }

    /** Where the receiver renewed: between the last deferral and this acceptance at {@code now}. */
    private Instant renewal(Instant now) {
        return deferredAt.plus(Duration.between(deferredAt, now).dividedBy(2));
    }
}
