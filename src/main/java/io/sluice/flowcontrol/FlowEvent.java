package io.sluice.flowcontrol;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * Something flow control did, published after the fact to {@link FlowEventListener}s. Each event's
 * {@code toString()} is a sentence fit for a log line or an operator console, e.g.
 * "gmail.com entered BACKOFF: rate 40.0 -> 20.0 msg/s after 12 of 30 attempts deferred (40%) in the last window".
 */
public sealed interface FlowEvent permits FlowEvent.StateTransitioned, FlowEvent.RateChanged,
        FlowEvent.SenderStateChanged {

    /**
     * Starts the cause of an event that only follows what another instance decided (sluice.cluster.shared-flow-state):
     * that instance logged and stored the decision; here it is logged, not stored again.
     */
    String FOLLOWED_CAUSE = "by cluster: followed ";

    /** True when this instance only followed another's decision ({@link #FOLLOWED_CAUSE}). */
    default boolean followed() {
        return false;
    }

    /** The flow key (domain or MX site), or {@code "sender"} for the global sender state. */
    String key();

    /** When it happened (the flow's clock). */
    Instant at();

    /**
     * The rate this event cut its key's to, or empty when it cut nothing (a raise, a re-entry at the same rate, a
     * sender event). The gate voids a site's schedule on a cut ({@code FlowGate.rateCutListener}), and the simulator
     * models the same pause: both ask this.
     */
    default OptionalDouble cutTo() {
        return OptionalDouble.empty();
    }

    private static OptionalDouble cut(double fromRate, double toRate) {
        return toRate < fromRate ? OptionalDouble.of(toRate) : OptionalDouble.empty();
    }

    /**
     * A flow changed state (or re-entered its state with new limits).
     *
     * @param until end of the suspension or rate cap now in force, or null
     * @param cause how it came about, starting with "after" or "by", e.g. "after rule yahoo-tss04 matched ..."
     */
    record StateTransitioned(String key, DomainFlow.StateTransition transition, double fromRate, double toRate,
                             Instant until, String cause, Instant at) implements FlowEvent {

        @Override
        public boolean followed() {
            return cause.startsWith(FOLLOWED_CAUSE);
        }

        @Override
        public OptionalDouble cutTo() {
            return cut(fromRate, toRate);
        }

        public DomainFlow.State fromState() {
            return transition.getFromState();
        }

        public DomainFlow.State toState() {
            return transition.getToState();
        }

        @Override
        public String toString() {
            String verb = transition.getFromState() == transition.getToState() ? " stays in " : " entered ";
            return key + verb + transition.getToState() + (until == null ? "" : " until " + until) + ": rate "
                    + Texts.rate(fromRate) + " -> " + Texts.rate(toRate) + " msg/s " + cause;
        }
    }

    /** A flow's rate changed without a change of state (ramp-up, a further cut, a config change). */
    record RateChanged(String key, DomainFlow.State state, double fromRate, double toRate, String cause, Instant at)
            implements FlowEvent {

        @Override
        public boolean followed() {
            return cause.startsWith(FOLLOWED_CAUSE);
        }

        @Override
        public OptionalDouble cutTo() {
            return cut(fromRate, toRate);
        }

        @Override
        public String toString() {
            String verb = toRate > fromRate ? " raised its rate " : " lowered its rate ";
            return key + verb + Texts.rate(fromRate) + " -> " + Texts.rate(toRate) + " msg/s in " + state + " " + cause;
        }
    }

    /** The global sender state changed. */
    record SenderStateChanged(GlobalSenderState.StateTransition transition, String reason, Instant at)
            implements FlowEvent {

        @Override
        public String key() {
            return "sender";
        }

        @Override
        public String toString() {
            if (transition.getToState() == GlobalSenderState.State.SENDER_PROBLEM) {
                return "The sender entered SENDER_PROBLEM: " + reason
                        + "; sending paused and no domain is slowed down for it";
            }
            return "The sender is HEALTHY again: " + reason;
        }
    }
}
