package io.sluice.flowcontrol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The flow-control state machine of one key (a domain or an MX site): how many messages per second may
 * be sent to it now. Thread-safe: the state is an immutable {@link FlowState} of plain values in an atomic
 * reference ({@link FlowStateHolder}); every event computes the next state from the current one through the class of the current
 * state ({@link NormalState}, {@link BackoffState}, {@link SuspendedState}, {@link ProbingState}), every move is
 * validated against {@link StateTransition}, and the new state is swapped in before its events are published.
 * {@link #state()} and {@link #DomainFlow(String, FlowControlConfig, ReplyRules, Clock, FlowState)} store and restore
 * what a flow has learned.
 *
 * <p>Inputs: completed aggregation windows ({@link #onWindow(WindowCounts)}), single replies checked
 * against the {@link ReplyRules} at once ({@link #onReply(String)}), operator commands. Time-based moves
 * (a suspension ends, a rate cap expires) happen lazily whenever the flow is used or queried.
 *
 * <p>Decisions over windows: a window counts only once it (with smaller earlier windows carried over) has
 * {@code minAttempts} attempts that reached the destination. Its error ratio then makes it <em>bad</em>
 * ({@code >= errorRatioThreshold}), <em>clean</em> ({@code <= cleanErrorRatio}) or neither (the rate holds).
 * The rate is cut at most once per {@code window} and raised at most once per {@code upHoldoff} after any
 * change, by {@code rampUpFactor}, never above {@code maxRate} nor above a rate cap in force, and only after a window
 * in which the destination was sent at least half its rate (a rate nobody uses is not raised).
 */
public final class DomainFlow {

    /** States of a flow. */
    public enum State {
        /** Sending at the current rate, ramping up by {@code rampUpFactor} after each clean window. */
        NORMAL(false),
        /**
         * Slowed down: after a bad window, a BACKOFF rule, or a rate cap (SET_RATE rule or operator, "rate
         * limited by provider") in force until {@code until}. A clean window without a cap returns to NORMAL
         * keeping the lowered rate. A bad window in which the destination still accepted some mail cuts again
         * (converging on its limit); {@code badWindowsToSuspend} consecutive bad windows in which nothing was
         * accepted, or at {@code minRate}, suspend.
         */
        BACKOFF(true),
        /** Nothing is sent (rate 0) until {@code until}; then PROBING. */
        SUSPENDED(true),
        /**
         * Half-open after a suspension: {@code probeRate}; {@code probeSuccesses} accepted with no deferral or
         * failure return to NORMAL at {@link FlowControlConfig#getRestartRate()}; any deferral, bad window or
         * matching rule suspends again for twice as long (at most {@code maxSuspendDuration}).
         */
        PROBING(true);

        private final boolean heldBack;

        State(boolean heldBack) {
            this.heldBack = heldBack;
        }

        /** True when mail to the key is being held back by flow control. */
        public boolean isHeldBack() {
            return heldBack;
        }
    }

    /** Every legal move between {@link State}s; anything else throws {@link IllegalStateException}. */
    public enum StateTransition implements Transition<State> {
        /** Operator reset of a flow that is already NORMAL (rate back to at least initialRate). */
        NORMAL_TO_NORMAL(State.NORMAL, State.NORMAL),
        /** Bad window, BACKOFF rule, SET_RATE rule or operator rate. */
        NORMAL_TO_BACKOFF(State.NORMAL, State.BACKOFF),
        /** SUSPEND rule or operator. */
        NORMAL_TO_SUSPENDED(State.NORMAL, State.SUSPENDED),
        /** Clean window without a cap, cap expired, or operator reset. */
        BACKOFF_TO_NORMAL(State.BACKOFF, State.NORMAL),
        /** A further cut or a new / lower cap while in backoff. */
        BACKOFF_TO_BACKOFF(State.BACKOFF, State.BACKOFF),
        /** {@code badWindowsToSuspend} consecutive bad windows, SUSPEND rule or operator. */
        BACKOFF_TO_SUSPENDED(State.BACKOFF, State.SUSPENDED),
        /** Operator reset: release the held mail at once. */
        SUSPENDED_TO_NORMAL(State.SUSPENDED, State.NORMAL),
        /** Operator sets a rate instead of the suspension. */
        SUSPENDED_TO_BACKOFF(State.SUSPENDED, State.BACKOFF),
        /** A longer SUSPEND rule, or an operator suspension replacing the current one. */
        SUSPENDED_TO_SUSPENDED(State.SUSPENDED, State.SUSPENDED),
        /** The suspension ended (or operator probe). */
        SUSPENDED_TO_PROBING(State.SUSPENDED, State.PROBING),
        /** Enough successful probes, or operator reset. */
        PROBING_TO_NORMAL(State.PROBING, State.NORMAL),
        /** Probes succeeded while a rate cap is still in force, or operator rate. */
        PROBING_TO_BACKOFF(State.PROBING, State.BACKOFF),
        /** A probe failed or a rule matched (duration doubled), or operator. */
        PROBING_TO_SUSPENDED(State.PROBING, State.SUSPENDED);

        private static final Transitions<State, StateTransition> TABLE =
                Transitions.of("flow-control", State.class, values());

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

        /**
         * The legal transition between two states.
         *
         * @throws IllegalStateException when the move is not listed
         */
        public static StateTransition transitionBetween(State from, State to) {
            return TABLE.between(from, to);
        }

        public static boolean isLegal(State from, State to) {
            return TABLE.isLegal(from, to);
        }
    }

    private final String key;
    private final Supplier<ReplyRules> rules;
    private final List<FlowEventListener> listeners;
    private final FlowStateHolder holder;

    /** A stand-alone flow with its own listeners. */
    public DomainFlow(String key, FlowControlConfig config, ReplyRules rules, Clock clock) {
        this(key, config, null, constant(rules), clock, new CopyOnWriteArrayList<>());
    }

    /** A stand-alone flow that goes on from a stored {@link #state()} (e.g. its learned rate after a restart). */
    public DomainFlow(String key, FlowControlConfig config, ReplyRules rules, Clock clock, FlowState restored) {
        this(key, config, Objects.requireNonNull(restored, "restored"), constant(rules), clock,
                new CopyOnWriteArrayList<>());
    }

    /** A flow of a registry, sharing its rules and listeners. */
    DomainFlow(String key, FlowControlConfig config, Supplier<ReplyRules> rules, Clock clock,
               List<FlowEventListener> listeners) {
        this(key, config, null, rules, clock, listeners);
    }

    /** @param restored a stored {@link #state()} to go on from, null for a new flow */
    DomainFlow(String key, FlowControlConfig config, FlowState restored, Supplier<ReplyRules> rules,
                       Clock clock, List<FlowEventListener> listeners) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("flow key must not be blank, was " + key);
        }
        Objects.requireNonNull(clock, "clock");
        this.key = key;
        this.rules = Objects.requireNonNull(rules, "rules");
        this.listeners = listeners;
        FlowState start = restored != null ? restored
                : FlowState.initial(Objects.requireNonNull(config, "config"), clock.instant());
        this.holder = new FlowStateHolder(key, config, start, clock, listeners);
    }

    private static Supplier<ReplyRules> constant(ReplyRules rules) {
        Objects.requireNonNull(rules, "rules");
        return () -> rules;
    }

    public String getKey() {
        return key;
    }

    public FlowControlConfig getConfig() {
        return holder.config();
    }

    public void addListener(FlowEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(FlowEventListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- queries

    /** Messages per second allowed now; 0 while SUSPENDED. Applies due time-based moves first. */
    public double currentRate() {
        return advance().effectiveRate(holder.now());
    }

    /** The state now. Applies due time-based moves first. */
    public State getState() {
        return advance().state();
    }

    /** True in BACKOFF, SUSPENDED or PROBING ("Messages queued (dynamic flow control)"). */
    public boolean isHeldBack() {
        return getState().isHeldBack();
    }

    /** What the flow allows now and why. Applies due time-based moves first. */
    public FlowSnapshot snapshot() {
        FlowStateHolder.Held h = holder.advance();
        FlowState s = h.state();
        Instant now = holder.now();
        return new FlowSnapshot(key, s.state(), s.effectiveRate(now), h.config().getMaxRate(), s.reason(), s.since(),
                s.until(now), s.lastWindow(), s.evidence().counts(), s.learned());
    }

    /** What the flow has learned, as plain values to store (see {@link FlowState}). Applies due time-based moves first. */
    public FlowState state() {
        return advance();
    }

    // ---------------------------------------------------------------- inputs

    /** A completed aggregation window of this key. */
    public void onWindow(WindowCounts counts) {
        Objects.requireNonNull(counts, "counts");
        holder.update(null, (c, s) -> c.onWindow(s, counts));
    }

    /**
     * One attempt's outcome as it comes back, before its window closes: a run of deferrals or refusals cuts the rate
     * at once (see {@link BurstWatch}; {@code flow.reactAfterBadInRow}, {@code reactRecentAttempts},
     * {@code reactErrorRatio}).
     *
     * @param inFlight attempts to this key still under way; after a cut their replies are not counted again
     */
    public void onAttempt(Outcome outcome, int inFlight) {
        Objects.requireNonNull(outcome, "outcome");
        holder.update(null, (c, s) -> c.onAttempt(s, outcome, inFlight));
    }

    /**
     * Checks a reply ("code enhanced text") against the rules at once and applies the first match.
     *
     * @return the matched rule, empty when none matched
     */
    public Optional<ReplyRule> onReply(String reply) {
        Optional<ReplyRule> rule = rules.get().firstMatch(reply);
        rule.ifPresent(r -> holder.update(null, (c, s) -> c.onRule(s, r, reply)));
        return rule;
    }

    /**
     * With {@code b}, other instances send to this site too: a renewal of the receiver's quota measures only this
     * instance's share of its rate, kept until {@link #takeUnreportedShare()} rather than learned here, and a cut's
     * rate, a bad window's share or a clean window's rate guesses no limit (only the shares added up teach one:
     * {@link #onSiteRate}).
     */
    public void measureSharesOnly(boolean b) {
        holder.sharesOnly(b);
    }

    /** The share of the receiver's rate this instance measured and has not reported yet, cleared; null: none. */
    public QuotaShare takeUnreportedShare() {
        QuotaShare[] taken = {null};
        holder.update(null, (c, s) -> {
            QuotaCycle cycle = s.burst().cycle();
            taken[0] = cycle.unreported() == null ? null : cycle.unreported().takenAt(c.now());
            return taken[0] == null ? s : s.withBurst(s.burst().withCycle(cycle.withUnreported(null)));
        });
        return taken[0];
    }

    /**
     * The site's rate, added up from every instance's share by the site's judgement: learned, and the rate moved just
     * under it (NaN: nothing measured, nothing done).
     */
    public void onSiteRate(double rate) {
        if (!Double.isNaN(rate)) {
            holder.update(null, (c, s) -> c.onSiteRate(s, rate));
        }
    }

    /**
     * Takes the state another instance judged or changed (sluice.cluster.shared-flow-state); its events, marked by
     * {@code cause} ({@link FlowEvent#FOLLOWED_CAUSE}), tell this instance's listeners what changed here.
     */
    public void follow(FlowState shared, String cause) {
        Objects.requireNonNull(shared, "shared");
        holder.update(null, (c, s) -> c.follow(s, shared, cause));
    }

    // ---------------------------------------------------------------- operator commands

    /**
     * Back to NORMAL from any state: suspension and rate cap lifted, held mail released at once, rate at
     * least {@code initialRate}.
     */
    public void resetToNormal(String by) {
        holder.update(null, OperatorCommands.reset(by));
    }

    /**
     * Caps the rate at {@code rate} msg/s for {@code forHowLong} (state BACKOFF), then ramping resumes.
     * Lifts a suspension.
     */
    public void setRate(double rate, Duration forHowLong, String by) {
        holder.update(null, OperatorCommands.setRate(rate, getConfig().getMaxRate(), forHowLong, by));
    }

    /** Suspends for {@code duration} (replacing any suspension in force), then PROBING. */
    public void suspend(Duration duration, String why) {
        holder.update(null, OperatorCommands.suspend(duration, why));
    }

    /**
     * Ends a suspension early and starts probing.
     *
     * @throws IllegalStateException unless SUSPENDED
     */
    public void probeNow(String by) {
        holder.update(null, OperatorCommands.probeNow(by));
    }

    /** Swaps in a new config atomically; a rate above the new maxRate is lowered to it. */
    public void reconfigure(FlowControlConfig config) {
        Objects.requireNonNull(config, "config");
        holder.update(config, OperatorCommands::reconfigured);
    }

    @Override
    public String toString() {
        return "DomainFlow[" + snapshot().describe() + "]";
    }

    // ---------------------------------------------------------------- machinery

    private FlowState advance() {
        return holder.advance().state();
    }
}
