package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;

import io.sluice.flowcontrol.DomainFlow.State;
import io.sluice.flowcontrol.DomainFlow.StateTransition;
import io.sluice.flowcontrol.FlowStateHolder.Event;

/**
 * The moves operators (JMX, console) and config reloads make, from any state. Each command checks its arguments
 * when it is built, failing fast with the argument's name and the bad value, before the flow is touched.
 */
final class OperatorCommands {

    private OperatorCommands() {
    }

    /**
     * Back to NORMAL: suspension and rate cap lifted, rate at least {@code initialRate} (a learned rate above it is
     * kept, up to {@code maxRate}).
     */
    static Event reset(String by) {
        String who = requireText("resetToNormal.by", by);
        return (c, s) -> {
            double before = c.visibleRate(s);
            FlowControlConfig config = c.config();
            double newRate = FlowContext.handler(s.state()).keepsLearnedRate()
                    ? Math.max(Math.min(s.rate(), config.getMaxRate()), config.getInitialRate())
                    : config.getInitialRate();
            FlowState cleared = s.withoutCap().healed(c.now()).withBadStreak(0).withEvidence(WindowEvidence.EMPTY);
            return c.moveTo(cleared, State.NORMAL, newRate, "reset to normal by " + who,
                    "by operator " + who + " (reset)", before);
        };
    }

    /** BACKOFF capped at {@code rate} for {@code forHowLong}; lifts a suspension. */
    static Event setRate(double rate, double maxRate, Duration forHowLong, String by) {
        if (Double.isNaN(rate) || Double.isInfinite(rate) || rate <= 0) {
            throw new IllegalArgumentException("setRate.rate must be > 0, was " + Texts.value(rate));
        }
        if (rate > maxRate) {
            throw new IllegalArgumentException("setRate.rate must be <= flow.maxRate (" + Texts.value(maxRate)
                    + "), was " + Texts.value(rate));
        }
        Duration d = requirePositive("setRate.forHowLong", forHowLong);
        String who = requireText("setRate.by", by);
        return (c, s) -> {
            double before = c.visibleRate(s);
            Instant until = c.now().plus(d);
            FlowState capped = s.withCap(rate, until).healed(c.now()).withBadStreak(0);
            return c.moveTo(capped, State.BACKOFF, rate, "rate set to " + Texts.rate(rate) + " msg/s until " + until
                    + " by " + who, "by operator " + who + " (rate set for " + Texts.duration(d) + ")", before);
        };
    }

    /** SUSPENDED for {@code duration}, replacing any suspension in force. */
    static Event suspend(Duration duration, String why) {
        Duration d = requirePositive("suspend.duration", duration);
        String reason = requireText("suspend.why", why);
        return (c, s) -> c.suspendFor(s, d, "suspended for " + Texts.duration(d) + " by operator: " + reason,
                "by operator (" + reason + "), suspended for " + Texts.duration(d));
    }

    /** PROBING at once; the move throws {@link IllegalStateException} unless SUSPENDED. */
    static Event probeNow(String by) {
        String who = requireText("probeNow.by", by);
        return (c, s) -> {
            StateTransition.transitionBetween(s.state(), State.PROBING); // throws before anything is computed
            double probe = c.probeRate(s);
            return c.moveTo(s, State.PROBING, probe, "probing early, started by " + who, "by operator " + who
                    + " (probe now)");
        };
    }

    /** Under a new config ({@code c}'s): a learned rate above its maxRate is lowered to it. */
    static FlowState reconfigured(FlowContext c, FlowState s) {
        double max = c.config().getMaxRate();
        if (FlowContext.handler(s.state()).keepsLearnedRate() && s.rate() > max) {
            return c.changeRate(s, max, "after a config change (maxRate " + Texts.rate(max) + ")");
        }
        return s;
    }

    private static String requireText(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was " + (v == null ? "null" : "'" + v + "'"));
        }
        return v.trim();
    }

    private static Duration requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + Texts.value(d));
        }
        return d;
    }
}
