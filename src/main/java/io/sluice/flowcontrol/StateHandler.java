package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;

/**
 * What one {@link DomainFlow.State} does with each event, one class per state (resilience4j's
 * {@code CircuitBreakerStateMachine} style). Stateless: the flow's data is the {@link FlowState} passed in, and each
 * method returns the next one (the same instance when nothing changed); moves go through
 * {@link FlowContext#moveTo}, which validates them against {@link DomainFlow.StateTransition} and records the event.
 */
sealed interface StateHandler permits NormalState, BackoffState, SuspendedState, ProbingState {

    /**
     * A SET_RATE rule's cap, already recorded in the state handed to {@link #onRateCap}.
     *
     * @param rate       the cap now in force (the lower of an earlier cap and the rule's)
     * @param until      its end (the later of both)
     * @param lowered    true when the flow had no cap or a higher one
     * @param rateBefore the rate allowed before the rule matched
     * @param matched    "rule NAME matched REPLY"
     */
    record NewCap(double rate, Instant until, boolean lowered, double rateBefore, String matched) {

        String reason() {
            return "rate capped at " + Texts.rate(rate) + " msg/s until " + until + " after " + matched;
        }

        String cause() {
            return "after " + matched + " (rate limited by provider)";
        }
    }

    /** What entering (or re-entering) the state resets: outside SUSPENDED, the end of a suspension. */
    default FlowState onEntry(FlowState s) {
        return s.withSuspension(null, s.suspendedFor());
    }

    /** True when the state keeps a rate learned from the receiver (operators' reset and a config change keep it). */
    boolean keepsLearnedRate();

    /** Time-based moves that are due: the end of a suspension or of a rate cap (here: the cap is lifted). */
    default FlowState onTime(FlowContext c, FlowState s) {
        return c.expireCap(s);
    }

    /** A completed window, already recorded as {@link FlowState#lastWindow()}. */
    FlowState onWindow(FlowContext c, FlowState s, WindowCounts w);

    /**
     * A run of deferrals or refusals before the window closed ({@link BurstWatch}): cut at once. Only the states
     * that keep a learned rate (NORMAL, BACKOFF) are asked; the others keep {@code s}.
     */
    default FlowState onBurst(FlowContext c, FlowState s, String what) {
        return s;
    }

    /** A BACKOFF rule matched a reply. */
    FlowState onBackoffRule(FlowContext c, FlowState s, String matched);

    /** A SUSPEND rule matched a reply; {@code d} is the rule's duration. */
    FlowState onSuspendRule(FlowContext c, FlowState s, Duration d, String matched);

    /** A SET_RATE rule matched a reply; its cap is already in {@code s}. */
    FlowState onRateCap(FlowContext c, FlowState s, NewCap cap);
}
