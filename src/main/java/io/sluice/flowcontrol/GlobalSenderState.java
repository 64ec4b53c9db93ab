package io.sluice.flowcontrol;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Tells a problem of the sender (our relay, our database, our IPs' reputation everywhere at once) from a
 * problem of one destination, so that domains are not pushed into backoff for it. Fed one window across all
 * keys at a time; thread-safe (immutable snapshot in an {@link AtomicReference}).
 *
 * <p>A window is a sender problem when internal failures are at least {@code internalFailureRatio} of at
 * least {@code minAttempts} attempts across all keys, or when at least {@code senderProblemDomainShare} of
 * the active keys (those with their {@code minAttempts}) refuse us (connection failures and policy blocks at or
 * above their error-ratio threshold) and there are at least {@code minBadDomains} of them. Deferrals do not count
 * there: receivers that all ask us to slow down at once (e.g. the last few rate-limited domains of a run, ramping up
 * in step) are each right to be slowed down. One window without the condition heals; as a paused sender sends
 * nothing and so produces no window, a pause also ends after {@code pauseDuration} and the next window judges
 * again.
 */
public final class GlobalSenderState {

    /** States of the sender. */
    public enum State {
        /** Domains are judged one by one. */
        HEALTHY,
        /** Our own problem: sending pauses and no domain is slowed down for it. */
        SENDER_PROBLEM
    }

    /** Every legal move; there is no other. */
    public enum StateTransition implements Transition<State> {
        HEALTHY_TO_SENDER_PROBLEM(State.HEALTHY, State.SENDER_PROBLEM),
        SENDER_PROBLEM_TO_HEALTHY(State.SENDER_PROBLEM, State.HEALTHY);

        private static final Transitions<State, StateTransition> TABLE =
                Transitions.of("sender-state", State.class, values());

        private final State from;
        private final State to;

        StateTransition(State from, State to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public State getFromState() {
            return from;
        }

        @Override
        public State getToState() {
            return to;
        }

        /** @throws IllegalStateException for a move that is not listed */
        public static StateTransition transitionBetween(State from, State to) {
            return TABLE.between(from, to);
        }
    }

    /** The sender state now. */
    public record Snapshot(State state, String reason, Instant since) {
    }

    private final SenderHealthConfig config;
    private final Clock clock;
    private final List<FlowEventListener> listeners;
    private final AtomicReference<Snapshot> ref;

    GlobalSenderState(SenderHealthConfig config, Clock clock, List<FlowEventListener> listeners) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = listeners;
        this.ref = new AtomicReference<>(new Snapshot(State.HEALTHY, "no window seen yet", clock.instant()));
    }

    public SenderHealthConfig getConfig() {
        return config;
    }

    /** The state now; ends a pause that has lasted {@code pauseDuration}. */
    public Snapshot snapshot() {
        return advance();
    }

    /** True while sending is paused for a sender problem (at most {@code pauseDuration} after the last entry). */
    public boolean senderPaused() {
        return advance().state == State.SENDER_PROBLEM;
    }

    private Snapshot advance() {
        while (true) {
            Snapshot current = ref.get();
            if (current.state != State.SENDER_PROBLEM) {
                return current;
            }
            Instant now = clock.instant();
            Instant end = current.since.plus(config.getPauseDuration());
            if (now.isBefore(end)) {
                return current;
            }
            StateTransition t = StateTransition.transitionBetween(current.state, State.HEALTHY);
            String resumed = "paused for " + Texts.duration(config.getPauseDuration()) + " without a window; sending"
                    + " again to see whether the problem is gone (" + current.reason + ")";
            Snapshot next = new Snapshot(State.HEALTHY, resumed, end);
            if (ref.compareAndSet(current, next)) {
                publish(new FlowEvent.SenderStateChanged(t, resumed, end));
                return next;
            }
        }
    }

    private void publish(FlowEvent event) {
        for (FlowEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException ex) {
                System.getLogger(GlobalSenderState.class.getName())
                        .log(System.Logger.Level.WARNING, "flow-control listener failed on: " + event, ex);
            }
        }
    }

    /**
     * Judges one window across all keys.
     *
     * @param perKeyWindow the window per key
     * @param configFor    the flow config of a key (its minAttempts and errorRatioThreshold)
     * @return true when this window is a sender problem (the caller must then not feed it to the domains)
     */
    public boolean onWindow(Map<String, WindowCounts> perKeyWindow, Function<String, FlowControlConfig> configFor) {
        String problem = diagnose(perKeyWindow, configFor);
        Instant now = clock.instant();
        advance();
        while (true) {
            Snapshot current = ref.get();
            Snapshot next;
            FlowEvent event = null;
            if (problem != null) {
                if (current.state == State.SENDER_PROBLEM) {
                    next = new Snapshot(State.SENDER_PROBLEM, problem, current.since);
                } else {
                    StateTransition t = StateTransition.transitionBetween(current.state, State.SENDER_PROBLEM);
                    next = new Snapshot(State.SENDER_PROBLEM, problem, now);
                    event = new FlowEvent.SenderStateChanged(t, problem, now);
                }
            } else if (current.state == State.SENDER_PROBLEM) {
                StateTransition t = StateTransition.transitionBetween(current.state, State.HEALTHY);
                String healed = "a window without a sender problem after " + current.reason;
                next = new Snapshot(State.HEALTHY, healed, now);
                event = new FlowEvent.SenderStateChanged(t, healed, now);
            } else {
                return false;
            }
            if (ref.compareAndSet(current, next)) {
                if (event != null) {
                    publish(event);
                }
                return problem != null;
            }
        }
    }

    private String diagnose(Map<String, WindowCounts> perKey, Function<String, FlowControlConfig> configFor) {
        WindowCounts total = WindowCounts.EMPTY;
        for (WindowCounts w : perKey.values()) {
            total = total.plus(w);
        }
        if (total.attempts() >= config.getMinAttempts()
                && total.internalFailureRatio() >= config.getInternalFailureRatio()) {
            return total.internalFailures() + " of " + total.attempts() + " attempts ("
                    + Texts.percent(total.internalFailureRatio()) + ") failed inside Sluice in the last window";
        }
        int active = 0;
        TreeSet<String> bad = new TreeSet<>();
        for (Map.Entry<String, WindowCounts> e : perKey.entrySet()) {
            FlowControlConfig c = configFor.apply(e.getKey());
            WindowCounts w = e.getValue();
            if (w.domainAttempts() >= c.getMinAttempts()) {
                active++;
                if (w.refusalRatio() >= c.getErrorRatioThreshold()) {
                    bad.add(e.getKey());
                }
            }
        }
        if (bad.size() >= config.getMinBadDomains()
                && (double) bad.size() / active >= config.getSenderProblemDomainShare() - 1e-9) {
            String names = bad.size() <= 5 ? String.join(", ", bad)
                    : String.join(", ", bad.stream().limit(5).toList()) + ", ...";
            return bad.size() + " of " + active + " active domains (" + Texts.percent((double) bad.size() / active)
                    + ") refused us or were unreachable in the same window (" + names + ")";
        }
        return null;
    }
}
