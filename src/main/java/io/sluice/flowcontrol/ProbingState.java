package io.sluice.flowcontrol;

import java.time.Duration;

import io.sluice.flowcontrol.DomainFlow.State;

/**
 * PROBING, half-open after a suspension: {@code probeRate}; {@code probeSuccesses} accepted with no deferral or
 * failure return to NORMAL at {@link FlowControlConfig#getRestartRate()} (BACKOFF while a rate cap is in force); any
 * deferral, bad window or matching rule suspends again for twice as long (see {@link SuspensionDoubling}).
 */
final class ProbingState implements StateHandler {

    static final ProbingState INSTANCE = new ProbingState();

    private ProbingState() {
    }

    @Override
    public FlowState onEntry(FlowState s) {
        return StateHandler.super.onEntry(s).withEvidence(WindowEvidence.EMPTY).withBadStreak(0)
                .withProbeAccepted(0);
    }

    @Override
    public boolean keepsLearnedRate() {
        return false;
    }

    @Override
    public FlowState onWindow(FlowContext c, FlowState s, WindowCounts w) {
        if (w.badCount() > 0) {
            return c.failProbe(s, null, w.describeBad() + " in the last window");
        }
        long accepted = s.probeAccepted() + w.accepted();
        FlowState probed = s.withProbeAccepted(accepted).withEvidence(s.evidence().plus(w));
        if (accepted < c.config().getProbeSuccesses()) {
            return probed;
        }
        double restart = Math.min(c.config().getRestartRate(), c.ceiling(probed));
        String cause = "after " + accepted + " probes accepted without a deferral";
        FlowState healed = probed.healed(c.now());
        FlowState next;
        if (c.capActive(healed)) {
            next = c.moveTo(healed, State.BACKOFF, restart, "probes succeeded; rate capped at "
                    + Texts.rate(healed.capRate()) + " msg/s until " + healed.capUntil(),
                    cause + "; a rate cap is still in force");
        } else {
            next = c.moveTo(healed, State.NORMAL, restart, "probes succeeded; ramping up from " + Texts.rate(restart)
                    + " msg/s", cause);
        }
        return next.withEvidence(WindowEvidence.EMPTY);
    }

    @Override
    public FlowState onBackoffRule(FlowContext c, FlowState s, String matched) {
        return c.failProbe(s, null, matched);
    }

    @Override
    public FlowState onSuspendRule(FlowContext c, FlowState s, Duration d, String matched) {
        return c.failProbe(s, d, matched);
    }

    @Override
    public FlowState onRateCap(FlowContext c, FlowState s, NewCap cap) {
        return c.failProbe(s, null, cap.matched());
    }
}
