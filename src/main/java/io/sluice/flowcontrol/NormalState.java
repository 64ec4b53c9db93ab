package io.sluice.flowcontrol;

import java.time.Duration;

import io.sluice.flowcontrol.DomainFlow.State;

/**
 * NORMAL: sending at the learned rate, raised by {@code rampUpFactor} after a clean window; a bad window or a rule
 * moves to BACKOFF or SUSPENDED.
 */
final class NormalState implements StateHandler {

    static final NormalState INSTANCE = new NormalState();

    private NormalState() {
    }

    @Override
    public boolean keepsLearnedRate() {
        return true;
    }

    @Override
    public FlowState onWindow(FlowContext c, FlowState s, WindowCounts w) {
        WindowEvidence ev = s.evidence().plus(w);
        if (!c.judged(s, ev)) {
            return s.withEvidence(ev); // not enough evidence yet: carry over
        }
        FlowState judged = s.withEvidence(WindowEvidence.EMPTY);
        if (c.bad(ev)) {
            return c.learnBadWindow(backOff(c, judged, ev.describe()), ev, s.burst());
        }
        if (ev.counts().badCount() > 0 && LearnedSteps.aboveOnset(judged) && c.mayCut(judged)) {
            // deferrals above the known limit, too few to call the window bad: step back under it rather than hold
            // (or raise) a rate that keeps spending retries (the careful climb beyond the limit found nothing more)
            return c.changeRate(judged.withCut(c.now()), c.cut(judged), "after " + ev.describe()
                    + " above the learned limit (" + judged.learned().describe() + ")");
        }
        return c.clean(ev) ? c.raise(judged, ev) : judged;
    }

    @Override
    public FlowState onBackoffRule(FlowContext c, FlowState s, String matched) {
        return backOff(c, s, matched);
    }

    @Override
    public FlowState onSuspendRule(FlowContext c, FlowState s, Duration d, String matched) {
        return c.suspendByRule(s, d, matched);
    }

    @Override
    public FlowState onRateCap(FlowContext c, FlowState s, NewCap cap) {
        return c.moveTo(s.withCut(c.now()).withBadStreak(0), State.BACKOFF, Math.min(s.rate(), cap.rate()),
                cap.reason(), cap.cause(), cap.rateBefore());
    }

    /** A run of deferrals or refusals before the window closed: to BACKOFF, cut at once. */
    @Override
    public FlowState onBurst(FlowContext c, FlowState s, String what) {
        return c.moveTo(c.learnCut(s).withCut(c.now()).withBadStreak(0), State.BACKOFF, c.cut(s), what,
                "after " + what + ", before the window closed");
    }

    /** To BACKOFF, cutting the rate unless it was cut less than a window ago (deferrals began at this rate). */
    private static FlowState backOff(FlowContext c, FlowState s, String what) {
        double newRate = s.rate();
        FlowState next = s;
        if (c.mayCut(s)) {
            newRate = c.cut(s);
            next = c.learnCut(s).withCut(c.now());
        }
        return c.moveTo(next.withBadStreak(0), State.BACKOFF, newRate, what, "after " + what);
    }
}
