package io.sluice.flowcontrol;

import java.time.Duration;

import io.sluice.flowcontrol.DomainFlow.State;

/**
 * BACKOFF: slowed down after a bad window or a rule, or capped until a time. A clean window without a cap returns to
 * NORMAL keeping the lowered rate; a bad window in which the destination still accepted some mail cuts again
 * (converging on its limit); {@code badWindowsToSuspend} bad windows in a row in which nothing got through, or at
 * {@code minRate}, suspend.
 */
final class BackoffState implements StateHandler {

    static final BackoffState INSTANCE = new BackoffState();

    private BackoffState() {
    }

    @Override
    public boolean keepsLearnedRate() {
        return true;
    }

    @Override
    public FlowState onTime(FlowContext c, FlowState s) {
        FlowState uncapped = c.expireCap(s);
        if (uncapped == s) {
            return s;
        }
        return c.moveTo(uncapped, State.NORMAL, s.rate(), "rate cap expired; ramping up from " + Texts.rate(s.rate())
                + " msg/s", "after the rate cap expired; ramping up from here");
    }

    /**
     * A window whose every attempt was deferred or refused is judged at once (bad), without waiting for
     * {@code minAttempts}: reply rules keep halving the rate of such a destination, so its windows fill more and more
     * slowly; it then crawled at a fraction of a message per second, each try spending a retry, instead of being
     * suspended (mail parked, probes), and when it healed it climbed back from that fraction.
     */
    @Override
    public FlowState onWindow(FlowContext c, FlowState s, WindowCounts w) {
        WindowEvidence ev = s.evidence().plus(w);
        if (!c.judged(s, ev) && !ev.nothingThrough()) {
            return s.withEvidence(ev); // not enough evidence yet: carry over
        }
        FlowState judged = s.withEvidence(WindowEvidence.EMPTY);
        if (c.bad(ev)) {
            return c.learnBadWindow(badWindow(c, judged, ev), ev, s.burst());
        }
        judged = judged.withBadStreak(0);
        if (!c.clean(ev)) {
            return judged;
        }
        if (c.capActive(judged)) {
            return c.raise(judged, ev);
        }
        if (LearnedSteps.belowPlateau(c.config(), judged)) {
            // the limit is known: back to NORMAL and up to just under it at once (if a raise is due)
            FlowState normal = c.moveTo(judged, State.NORMAL, judged.rate(), "healed: clean window after backoff;"
                    + " ramping up to just under the learned limit (" + judged.learned().describe() + ")",
                    "after a clean window (" + ev.describe() + ")");
            return c.raise(normal, ev);
        }
        return c.moveTo(judged, State.NORMAL, judged.rate(), "healed: clean window after backoff; ramping up from "
                + Texts.rate(judged.rate()) + " msg/s", "after a clean window (" + ev.describe() + ")");
    }

    private static FlowState badWindow(FlowContext c, FlowState s, WindowEvidence ev) {
        String what = ev.describe();
        FlowControlConfig config = c.config();
        if (ev.counts().accepted() > 0 && s.rate() > config.getMinRate()) {
            // The destination still takes part of our mail: a rate limit to settle under, not an outage. Keep halving
            // towards it; only windows that got nothing through, or bad windows at the floor, count towards a
            // suspension (else a start far above the limit ends suspended, not converged).
            FlowState reset = s.withBadStreak(0);
            return cutAgain(c, reset, what, "after " + what + " (still accepting some: converging)");
        }
        int streak = s.badStreak() + 1;
        FlowState counted = s.withBadStreak(streak);
        if (streak >= config.getBadWindowsToSuspend()) {
            Duration d = config.getSuspendDuration();
            return c.suspendFor(counted, d, streak + " bad windows in a row in BACKOFF, last: " + what,
                    "after " + streak + " bad windows in a row in BACKOFF (last: " + what + "), suspended for "
                            + Texts.duration(d));
        }
        return cutAgain(c, counted, what, "after " + what + " (bad window " + streak + " of "
                + config.getBadWindowsToSuspend() + " before suspension)");
    }

    @Override
    public FlowState onBackoffRule(FlowContext c, FlowState s, String matched) {
        return cutAgain(c, s, matched, "after " + matched);
    }

    /** A run of deferrals or refusals before the window closed: cut again at once. */
    @Override
    public FlowState onBurst(FlowContext c, FlowState s, String what) {
        return c.moveTo(s.withCut(c.now()), State.BACKOFF, c.cut(s), what, "after " + what
                + ", before the window closed");
    }

    @Override
    public FlowState onSuspendRule(FlowContext c, FlowState s, Duration d, String matched) {
        return c.suspendByRule(s, d, matched);
    }

    @Override
    public FlowState onRateCap(FlowContext c, FlowState s, NewCap cap) {
        if (!cap.lowered()) {
            return s;
        }
        return c.moveTo(s.withCut(c.now()), State.BACKOFF, Math.min(s.rate(), cap.rate()), cap.reason(), cap.cause(),
                cap.rateBefore());
    }

    /** Stays in BACKOFF with the rate cut, unless it was cut less than a window ago. */
    private static FlowState cutAgain(FlowContext c, FlowState s, String reason, String cause) {
        if (!c.mayCut(s)) {
            return s;
        }
        return c.moveTo(s.withCut(c.now()), State.BACKOFF, c.cut(s), reason, cause);
    }
}
