package io.sluice.flowcontrol;

import java.time.Duration;

import io.sluice.flowcontrol.DomainFlow.State;

/**
 * SUSPENDED: nothing is sent (rate 0) until {@link FlowState#suspendedUntil()}, then PROBING. Windows and rules are
 * the stragglers of mail sent before the suspension, except a longer SUSPEND rule, which extends it.
 */
final class SuspendedState implements StateHandler {

    static final SuspendedState INSTANCE = new SuspendedState();

    private SuspendedState() {
    }

    @Override
    public FlowState onEntry(FlowState s) {
        return s.withEvidence(WindowEvidence.EMPTY).withBadStreak(0);
    }

    @Override
    public boolean keepsLearnedRate() {
        return false;
    }

    @Override
    public FlowState onTime(FlowContext c, FlowState s) {
        FlowState next = s;
        if (!c.now().isBefore(s.suspendedUntil())) {
            double probe = c.probeRate(s);
            next = c.moveTo(s, State.PROBING, probe, "suspension ended at " + s.suspendedUntil() + "; probing at "
                    + Texts.rate(probe) + " msg/s", "after the suspension ended, to probe at " + Texts.rate(probe)
                    + " msg/s");
        }
        return c.expireCap(next);
    }

    @Override
    public FlowState onWindow(FlowContext c, FlowState s, WindowCounts w) {
        return s; // stragglers of messages sent before the suspension
    }

    @Override
    public FlowState onBackoffRule(FlowContext c, FlowState s, String matched) {
        return s; // a straggler's reply, already suspended
    }

    /** A more severe rule extends the suspension; a repeat (or a milder one) does not. */
    @Override
    public FlowState onSuspendRule(FlowContext c, FlowState s, Duration d, String matched) {
        boolean longer = s.suspendedFor() == null || d.compareTo(s.suspendedFor()) > 0;
        if (!longer || !c.now().plus(d).isAfter(s.suspendedUntil())) {
            return s;
        }
        return c.suspendFor(s, d, matched + "; suspension extended to " + Texts.duration(d),
                "after " + matched + ", suspension extended to " + Texts.duration(d));
    }

    @Override
    public FlowState onRateCap(FlowContext c, FlowState s, NewCap cap) {
        return s; // the cap waits for the end of the suspension
    }
}
