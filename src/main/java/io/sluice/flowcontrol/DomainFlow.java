package io.sluice.flowcontrol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The flow-control state machine of one key (a domain or an MX site): how many messages per second may
 * be sent to it now. Thread-safe: the state is an immutable snapshot in an {@link AtomicReference}, every
 * operation computes the next snapshot from the current one and swaps it in; events are published after a
 * successful swap.
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

    private static final System.Logger LOG = System.getLogger(DomainFlow.class.getName());

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
    public enum StateTransition {
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

        private static final Map<State, Map<State, StateTransition>> LOOKUP = new EnumMap<>(State.class);

        static {
            for (StateTransition t : values()) {
                LOOKUP.computeIfAbsent(t.from, s -> new EnumMap<>(State.class)).put(t.to, t);
            }
        }

        private final State from;
        private final State to;

        StateTransition(State from, State to) {
            this.from = from;
            this.to = to;
        }

        public State getFromState() {
            return from;
        }

        public State getToState() {
            return to;
        }

        /**
         * The legal transition between two states.
         *
         * @throws IllegalStateException when the move is not listed
         */
        public static StateTransition transitionBetween(State from, State to) {
            StateTransition t = LOOKUP.getOrDefault(from, Map.of()).get(to);
            if (t == null) {
                throw new IllegalStateException("Illegal flow-control transition " + from + " -> " + to);
            }
            return t;
        }

        public static boolean isLegal(State from, State to) {
            return LOOKUP.getOrDefault(from, Map.of()).containsKey(to);
        }
    }

    /**
     * A clean window raises the rate only when the destination was sent at least this share of the rate during it
     * (attempts per second over the windows judged); otherwise the rate was not what held its mail back.
     */
    static final double MIN_USE_TO_RAISE = 0.5;

    private final String key;
    private final Clock clock;
    private final Supplier<ReplyRules> rules;
    private final List<FlowEventListener> listeners;
    private final AtomicReference<FlowState> ref;
    private final Object transitionLock = new Object();

    /** A stand-alone flow with its own listeners. */
    public DomainFlow(String key, FlowControlConfig config, ReplyRules rules, Clock clock) {
        this(key, config, constant(Objects.requireNonNull(rules, "rules")), clock, new CopyOnWriteArrayList<>());
    }

    DomainFlow(String key, FlowControlConfig config, Supplier<ReplyRules> rules, Clock clock,
               List<FlowEventListener> listeners) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("flow key must not be blank, was " + key);
        }
        this.key = key;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.listeners = listeners;
        Instant now = clock.instant();
        this.ref = new AtomicReference<>(FlowState.initial(Objects.requireNonNull(config, "config"), now));
    }

    private static Supplier<ReplyRules> constant(ReplyRules rules) {
        return () -> rules;
    }

    public String getKey() {
        return key;
    }

    public FlowControlConfig getConfig() {
        return ref.get().config;
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
        return advance().effectiveRate(clock.instant());
    }

    /** The state now. Applies due time-based moves first. */
    public State getState() {
        return advance().state;
    }

    /** True in BACKOFF, SUSPENDED or PROBING ("Messages queued (dynamic flow control)"). */
    public boolean isHeldBack() {
        return getState().isHeldBack();
    }

    /** What the flow allows now and why. Applies due time-based moves first. */
    public FlowSnapshot snapshot() {
        FlowState s = advance();
        Instant now = clock.instant();
        return new FlowSnapshot(key, s.state, s.effectiveRate(now), s.config.getMaxRate(), s.reason, s.since,
                s.until(now), s.lastWindow, s.pending);
    }

    // ---------------------------------------------------------------- inputs

    /** A completed aggregation window of this key. */
    public void onWindow(WindowCounts counts) {
        Objects.requireNonNull(counts, "counts");
        update(d -> d.onWindow(counts));
    }

    /**
     * Checks a reply ("code enhanced text") against the rules at once and applies the first match.
     *
     * @return the matched rule, empty when none matched
     */
    public Optional<ReplyRule> onReply(String reply) {
        Optional<ReplyRule> rule = rules.get().firstMatch(reply);
        rule.ifPresent(r -> update(d -> d.applyRule(r, reply)));
        return rule;
    }

    // ---------------------------------------------------------------- operator commands

    /**
     * Back to NORMAL from any state: suspension and rate cap lifted, held mail released at once, rate at
     * least {@code initialRate}.
     */
    public void resetToNormal(String by) {
        String who = requireText("resetToNormal.by", by);
        update(d -> d.reset(who));
    }

    /**
     * Caps the rate at {@code rate} msg/s for {@code forHowLong} (state BACKOFF), then ramping resumes.
     * Lifts a suspension.
     */
    public void setRate(double rate, Duration forHowLong, String by) {
        if (Double.isNaN(rate) || Double.isInfinite(rate) || rate <= 0) {
            throw new IllegalArgumentException("setRate.rate must be > 0, was " + Texts.value(rate));
        }
        double max = getConfig().getMaxRate();
        if (rate > max) {
            throw new IllegalArgumentException("setRate.rate must be <= flow.maxRate (" + Texts.value(max)
                    + "), was " + Texts.value(rate));
        }
        Duration d = requirePositive("setRate.forHowLong", forHowLong);
        String who = requireText("setRate.by", by);
        update(x -> x.operatorRate(rate, d, who));
    }

    /** Suspends for {@code duration} (replacing any suspension in force), then PROBING. */
    public void suspend(Duration duration, String why) {
        Duration d = requirePositive("suspend.duration", duration);
        String reason = requireText("suspend.why", why);
        update(x -> x.operatorSuspend(d, reason));
    }

    /**
     * Ends a suspension early and starts probing.
     *
     * @throws IllegalStateException unless SUSPENDED
     */
    public void probeNow(String by) {
        String who = requireText("probeNow.by", by);
        update(x -> x.probeNow(who));
    }

    /** Swaps in a new config atomically; a rate above the new maxRate is lowered to it. */
    public void reconfigure(FlowControlConfig config) {
        Objects.requireNonNull(config, "config");
        update(x -> x.reconfigure(config));
    }

    @Override
    public String toString() {
        return "DomainFlow[" + snapshot().describe() + "]";
    }

    // ---------------------------------------------------------------- machinery

    private interface Step {
        void apply(Draft draft);
    }

    private FlowState advance() {
        return update(d -> { });
    }

    private FlowState update(Step step) {
        FlowState current = ref.get();
        Draft probe = new Draft(key, current, clock.instant());
        probe.advanceTime();
        step.apply(probe);
        if (!probe.changed) {
            return current; // the common read path stays lock-free
        }
        // Changes are serialised so that listeners see events in the order the transitions happened
        // (a CAS loop alone lets two threads publish out of order).
        synchronized (transitionLock) {
            current = ref.get();
            Draft draft = new Draft(key, current, clock.instant());
            draft.advanceTime();
            step.apply(draft);
            if (!draft.changed) {
                return current;
            }
            FlowState next = draft.freeze();
            ref.set(next);
            publish(draft.events);
            return next;
        }
    }

    private void publish(List<FlowEvent> events) {
        for (FlowEvent e : events) {
            for (FlowEventListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "flow-control listener failed on: " + e, ex);
                }
            }
        }
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

    /** Immutable state of a flow. */
    static final class FlowState {
        final FlowControlConfig config;
        final State state;
        final double rate;            // NORMAL/BACKOFF: allowed rate; PROBING: probe rate; SUSPENDED: 0
        final String reason;
        final Instant since;
        final Instant suspendedUntil; // SUSPENDED only
        final Duration suspendedFor;  // length of the last suspension, for doubling; null once healed
        final double capRate;         // NaN: no cap
        final Instant capUntil;
        final int badStreak;
        final long probeAccepted;
        final Instant lastRateChange;
        final Instant lastCut;
        final WindowCounts lastWindow;
        final WindowCounts pending;
        final int pendingWindows;

        FlowState(FlowControlConfig config, State state, double rate, String reason, Instant since,
                  Instant suspendedUntil, Duration suspendedFor, double capRate, Instant capUntil, int badStreak,
                  long probeAccepted, Instant lastRateChange, Instant lastCut, WindowCounts lastWindow,
                  WindowCounts pending, int pendingWindows) {
            this.config = config;
            this.state = state;
            this.rate = rate;
            this.reason = reason;
            this.since = since;
            this.suspendedUntil = suspendedUntil;
            this.suspendedFor = suspendedFor;
            this.capRate = capRate;
            this.capUntil = capUntil;
            this.badStreak = badStreak;
            this.probeAccepted = probeAccepted;
            this.lastRateChange = lastRateChange;
            this.lastCut = lastCut;
            this.lastWindow = lastWindow;
            this.pending = pending;
            this.pendingWindows = pendingWindows;
        }

        static FlowState initial(FlowControlConfig config, Instant now) {
            return new FlowState(config, State.NORMAL, config.getInitialRate(), "new flow", now, null, null,
                    Double.NaN, null, 0, 0, now, null, WindowCounts.EMPTY, WindowCounts.EMPTY, 0);
        }

        boolean capActive(Instant now) {
            return !Double.isNaN(capRate) && capUntil != null && now.isBefore(capUntil);
        }

        double effectiveRate(Instant now) {
            if (state == State.SUSPENDED) {
                return 0;
            }
            return capActive(now) ? Math.min(rate, capRate) : rate;
        }

        Instant until(Instant now) {
            if (state == State.SUSPENDED) {
                return suspendedUntil;
            }
            return capActive(now) ? capUntil : null;
        }
    }

    /** A mutable working copy of a {@link FlowState}; all the transition logic lives here. */
    private static final class Draft {
        final String key;
        final Instant now;
        final List<FlowEvent> events = new ArrayList<>(2);
        boolean changed;

        FlowControlConfig config;
        State state;
        double rate;
        String reason;
        Instant since;
        Instant suspendedUntil;
        Duration suspendedFor;
        double capRate;
        Instant capUntil;
        int badStreak;
        long probeAccepted;
        Instant lastRateChange;
        Instant lastCut;
        WindowCounts lastWindow;
        WindowCounts pending;
        int pendingWindows;

        Draft(String key, FlowState s, Instant now) {
            this.key = key;
            this.now = now;
            this.config = s.config;
            this.state = s.state;
            this.rate = s.rate;
            this.reason = s.reason;
            this.since = s.since;
            this.suspendedUntil = s.suspendedUntil;
            this.suspendedFor = s.suspendedFor;
            this.capRate = s.capRate;
            this.capUntil = s.capUntil;
            this.badStreak = s.badStreak;
            this.probeAccepted = s.probeAccepted;
            this.lastRateChange = s.lastRateChange;
            this.lastCut = s.lastCut;
            this.lastWindow = s.lastWindow;
            this.pending = s.pending;
            this.pendingWindows = s.pendingWindows;
        }

        FlowState freeze() {
            return new FlowState(config, state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                    badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, pending, pendingWindows);
        }

        // ------------------------------------------------------------ helpers

        boolean capActive() {
            return !Double.isNaN(capRate) && capUntil != null && now.isBefore(capUntil);
        }

        double visibleRate() {
            if (state == State.SUSPENDED) {
                return 0;
            }
            return capActive() ? Math.min(rate, capRate) : rate;
        }

        Instant visibleUntil() {
            if (state == State.SUSPENDED) {
                return suspendedUntil;
            }
            return capActive() ? capUntil : null;
        }

        /** Moves (validated against {@link StateTransition}) and records the event. */
        void moveTo(State to, double newRate, String newReason, String cause) {
            moveTo(to, newRate, newReason, cause, visibleRate());
        }

        /** As above, with the rate visible before this step changed any cap. */
        void moveTo(State to, double newRate, String newReason, String cause, double before) {
            StateTransition t = StateTransition.transitionBetween(state, to);
            if (to != state) {
                since = now;
            }
            state = to;
            rate = newRate;
            reason = newReason;
            if (to != State.SUSPENDED) {
                suspendedUntil = null;
            }
            if (to == State.SUSPENDED || to == State.PROBING) {
                pending = WindowCounts.EMPTY;
                pendingWindows = 0;
                badStreak = 0;
            }
            if (to == State.PROBING) {
                probeAccepted = 0;
            }
            changed = true;
            events.add(new FlowEvent.StateTransitioned(key, t, before, visibleRate(), visibleUntil(), cause, now));
        }

        void rateChange(double newRate, String cause) {
            double before = visibleRate();
            rate = newRate;
            lastRateChange = now;
            changed = true;
            double after = visibleRate();
            if (after != before) {
                events.add(new FlowEvent.RateChanged(key, state, before, after, cause, now));
            }
        }

        boolean mayCut() {
            return lastCut == null || !now.isBefore(lastCut.plus(config.getWindow()));
        }

        boolean mayRaise() {
            return !now.isBefore(lastRateChange.plus(config.getUpHoldoff()));
        }

        double cutRate() {
            return Math.max(rate * config.getBackoffFactor(), Math.min(config.getMinRate(), rate));
        }

        double ceiling() {
            return capActive() ? Math.min(config.getMaxRate(), capRate) : config.getMaxRate();
        }

        void markCut() {
            lastCut = now;
            lastRateChange = now;
        }

        void suspendFor(Duration d, String newReason, String cause) {
            suspendedFor = d;
            suspendedUntil = now.plus(d);
            moveTo(State.SUSPENDED, 0, newReason, cause);
        }

        Duration doubledSuspension() {
            Duration last = suspendedFor != null ? suspendedFor : config.getSuspendDuration();
            Duration doubled = last.multipliedBy(2);
            Duration capped = doubled.compareTo(config.getMaxSuspendDuration()) > 0 ? config.getMaxSuspendDuration() : doubled;
            return capped.compareTo(last) < 0 ? last : capped;
        }

        void failProbe(Duration atLeast, String what) {
            Duration d = doubledSuspension();
            if (atLeast != null && atLeast.compareTo(d) > 0) {
                d = atLeast;
            }
            suspendFor(d, "probe failed: " + what + "; suspended for " + Texts.duration(d),
                    "after a failed probe (" + what + "), suspended for " + Texts.duration(d));
        }

        String windowPhrase() {
            return pendingWindows <= 1 ? "in the last window" : "in the last " + pendingWindows + " windows";
        }

        // ------------------------------------------------------------ time

        void advanceTime() {
            if (state == State.SUSPENDED && suspendedUntil != null && !now.isBefore(suspendedUntil)) {
                double probe = capActive() ? Math.min(config.getProbeRate(), capRate) : config.getProbeRate();
                moveTo(State.PROBING, probe, "suspension ended at " + suspendedUntil + "; probing at "
                        + Texts.rate(probe) + " msg/s", "after the suspension ended, to probe at "
                        + Texts.rate(probe) + " msg/s");
            }
            if (!Double.isNaN(capRate) && (capUntil == null || !now.isBefore(capUntil))) {
                capRate = Double.NaN;
                capUntil = null;
                changed = true;
                if (state == State.BACKOFF) {
                    moveTo(State.NORMAL, rate, "rate cap expired; ramping up from " + Texts.rate(rate) + " msg/s",
                            "after the rate cap expired; ramping up from here");
                }
            }
        }

        // ------------------------------------------------------------ windows

        void onWindow(WindowCounts w) {
            lastWindow = w;
            changed = true;
            switch (state) {
                case SUSPENDED:
                    return; // stragglers of messages sent before the suspension
                case PROBING:
                    probeWindow(w);
                    return;
                default:
                    pending = pending.plus(w);
                    pendingWindows++;
                    if (pending.domainAttempts() < config.getMinAttempts() && !cleanAtFullUse(pending, pendingWindows)
                            && !nothingThroughInBackoff(pending)) {
                        return; // not enough evidence yet: carry over
                    }
                    WindowCounts evidence = pending;
                    String phrase = windowPhrase();
                    int windows = pendingWindows;
                    pending = WindowCounts.EMPTY;
                    pendingWindows = 0;
                    decide(evidence, phrase, windows);
            }
        }

        private void probeWindow(WindowCounts w) {
            if (w.badCount() > 0) {
                failProbe(null, w.describeBad() + " in the last window");
                return;
            }
            probeAccepted += w.accepted();
            pending = pending.plus(w);
            pendingWindows++;
            if (probeAccepted >= config.getProbeSuccesses()) {
                double restart = Math.min(config.getRestartRate(), ceiling());
                String cause = "after " + probeAccepted + " probes accepted without a deferral";
                suspendedFor = null;
                lastRateChange = now;
                if (capActive()) {
                    moveTo(State.BACKOFF, restart, "probes succeeded; rate capped at " + Texts.rate(capRate)
                            + " msg/s until " + capUntil, cause + "; a rate cap is still in force");
                } else {
                    moveTo(State.NORMAL, restart, "probes succeeded; ramping up from " + Texts.rate(restart)
                            + " msg/s", cause);
                }
                pending = WindowCounts.EMPTY;
                pendingWindows = 0;
            }
        }

        private void decide(WindowCounts w, String phrase, int windows) {
            double ratio = w.errorRatio();
            boolean bad = ratio >= config.getErrorRatioThreshold();
            boolean clean = ratio <= config.getCleanErrorRatio();
            String what = w.describeBad() + " " + phrase;
            if (state == State.NORMAL) {
                if (bad) {
                    double newRate = rate;
                    if (mayCut()) {
                        newRate = cutRate();
                        markCut();
                    }
                    badStreak = 0;
                    moveTo(State.BACKOFF, newRate, what, "after " + what);
                } else if (clean) {
                    raise(w, phrase, windows);
                }
                return;
            }
            // BACKOFF
            if (bad && w.accepted() > 0 && rate > config.getMinRate()) {
                // The destination still takes part of our mail: a rate limit to settle under, not an outage.
                // Keep halving towards it; only windows that got nothing through, or bad windows at the floor,
                // count towards a suspension (else a start far above the limit ends suspended, not converged).
                badStreak = 0;
                if (mayCut()) {
                    double newRate = cutRate();
                    markCut();
                    moveTo(State.BACKOFF, newRate, what, "after " + what + " (still accepting some: converging)");
                }
                return;
            }
            if (bad) {
                badStreak++;
                if (badStreak >= config.getBadWindowsToSuspend()) {
                    Duration d = config.getSuspendDuration();
                    suspendFor(d, badStreak + " bad windows in a row in BACKOFF, last: " + what,
                            "after " + badStreak + " bad windows in a row in BACKOFF (last: " + what
                                    + "), suspended for " + Texts.duration(d));
                } else if (mayCut()) {
                    double newRate = cutRate();
                    markCut();
                    moveTo(State.BACKOFF, newRate, what, "after " + what + " (bad window " + badStreak + " of "
                            + config.getBadWindowsToSuspend() + " before suspension)");
                }
                return;
            }
            badStreak = 0;
            if (clean) {
                if (capActive()) {
                    raise(w, phrase, windows);
                } else {
                    moveTo(State.BACKOFF == state ? State.NORMAL : state, rate,
                            "healed: clean window after backoff; ramping up from " + Texts.rate(rate) + " msg/s",
                            "after a clean window (" + w.describeBad() + " " + phrase + ")");
                }
            }
        }

        /**
         * An error-free window in which the destination was sent at least {@link #MIN_USE_TO_RAISE} of its rate is
         * judged (clean) although it holds fewer than {@code minAttempts}: at a low rate minAttempts takes many
         * windows to fill (10 attempts at 0.2 msg/s = 50 s), and a flow recovering from a cut would climb by one
         * step per fill; load runs settled at 0.1-0.4 msg/s against receivers taking 1 msg/s. Windows with any
         * deferral or refusal still wait for minAttempts: a single deferral among few attempts is no reason to cut.
         */
        private boolean cleanAtFullUse(WindowCounts w, int windows) {
            return w.domainAttempts() > 0 && w.badCount() == 0 && usedAtLeastHalf(w, windows);
        }

        /**
         * In BACKOFF, a window whose every attempt was deferred or refused is judged (bad) although it holds fewer than
         * {@code minAttempts}. Reply rules keep halving the rate of such a destination, so its windows fill more and
         * more slowly: it then crawled at a fraction of a message per second, each try spending a retry, instead of
         * being suspended (mail parked, probes) after {@code badWindowsToSuspend} windows; and when it healed it
         * climbed back from that fraction. A window with anything accepted still waits for {@code minAttempts}.
         */
        private boolean nothingThroughInBackoff(WindowCounts w) {
            return state == State.BACKOFF && w.domainAttempts() > 0 && w.badCount() == w.domainAttempts();
        }

        /** The destination was sent at least {@link #MIN_USE_TO_RAISE} of its rate over these windows. */
        private boolean usedAtLeastHalf(WindowCounts w, int windows) {
            double seconds = config.getWindow().toMillis() / 1000.0 * Math.max(1, windows);
            return w.domainAttempts() / seconds >= rate * MIN_USE_TO_RAISE;
        }

        private void raise(WindowCounts w, String phrase, int windows) {
            double ceiling = ceiling();
            if (rate >= ceiling || !mayRaise()) {
                return;
            }
            if (!usedAtLeastHalf(w, windows)) {
                // Not sent at anything near the rate (few messages queued for it): a clean window says nothing about
                // a higher rate, and raising anyway lets the rate drift far above what the receiver takes, to be
                // paid for with a burst of deferrals once mail arrives (cf. RFC 7661, congestion window validation).
                return;
            }
            double newRate = Math.min(rate * config.getRampUpFactor(), ceiling);
            rateChange(newRate, "after a clean window (" + w.describeBad() + " " + phrase + ")");
        }

        // ------------------------------------------------------------ rules

        void applyRule(ReplyRule rule, String reply) {
            String matched = "rule " + rule.getName() + " matched " + Texts.quote(reply);
            switch (rule.getAction()) {
                case BACKOFF:
                    ruleBackoff(matched);
                    break;
                case SUSPEND:
                    ruleSuspend(rule, matched);
                    break;
                case SET_RATE:
                    ruleSetRate(rule, matched);
                    break;
                default:
                    throw new IllegalStateException("unknown action " + rule.getAction());
            }
        }

        private void ruleBackoff(String matched) {
            switch (state) {
                case NORMAL: {
                    double newRate = rate;
                    if (mayCut()) {
                        newRate = cutRate();
                        markCut();
                    }
                    badStreak = 0;
                    moveTo(State.BACKOFF, newRate, matched, "after " + matched);
                    break;
                }
                case BACKOFF:
                    if (mayCut()) {
                        double newRate = cutRate();
                        markCut();
                        moveTo(State.BACKOFF, newRate, matched, "after " + matched);
                    }
                    break;
                case PROBING:
                    failProbe(null, matched);
                    break;
                default:
                    break; // SUSPENDED: a straggler's reply, already suspended
            }
        }

        private void ruleSuspend(ReplyRule rule, String matched) {
            Duration d = rule.getDuration();
            switch (state) {
                case NORMAL:
                case BACKOFF:
                    suspendFor(d, matched + "; suspended for " + Texts.duration(d),
                            "after " + matched + ", suspended for " + Texts.duration(d));
                    break;
                case PROBING:
                    failProbe(d, matched);
                    break;
                case SUSPENDED:
                    // a more severe rule extends; a repeat (or a milder one) does not
                    if ((suspendedFor == null || d.compareTo(suspendedFor) > 0) && now.plus(d).isAfter(suspendedUntil)) {
                        suspendFor(d, matched + "; suspension extended to " + Texts.duration(d),
                                "after " + matched + ", suspension extended to " + Texts.duration(d));
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown state " + state);
            }
        }

        private void ruleSetRate(ReplyRule rule, String matched) {
            double before = visibleRate();
            boolean hadCap = capActive();
            double cap = hadCap ? Math.min(capRate, rule.getRate()) : rule.getRate();
            Instant until = now.plus(rule.getDuration());
            boolean lowered = !hadCap || cap < capRate;
            capRate = cap;
            capUntil = hadCap && capUntil.isAfter(until) ? capUntil : until;
            changed = true;
            String text = "rate capped at " + Texts.rate(cap) + " msg/s until " + capUntil + " after " + matched;
            switch (state) {
                case NORMAL:
                    rate = Math.min(rate, cap);
                    markCut();
                    badStreak = 0;
                    moveTo(State.BACKOFF, rate, text, "after " + matched + " (rate limited by provider)", before);
                    break;
                case BACKOFF:
                    if (lowered) {
                        rate = Math.min(rate, cap);
                        markCut();
                        moveTo(State.BACKOFF, rate, text, "after " + matched + " (rate limited by provider)", before);
                    }
                    break;
                case PROBING:
                    failProbe(null, matched);
                    break;
                default:
                    break; // SUSPENDED: the cap waits for the end of the suspension
            }
        }

        // ------------------------------------------------------------ operator

        void reset(String by) {
            double before = visibleRate();
            double newRate = state == State.NORMAL || state == State.BACKOFF
                    ? Math.max(Math.min(rate, config.getMaxRate()), config.getInitialRate())
                    : config.getInitialRate();
            capRate = Double.NaN;
            capUntil = null;
            suspendedFor = null;
            badStreak = 0;
            pending = WindowCounts.EMPTY;
            pendingWindows = 0;
            lastRateChange = now;
            moveTo(State.NORMAL, newRate, "reset to normal by " + by, "by operator " + by + " (reset)", before);
        }

        void operatorRate(double r, Duration d, String by) {
            double before = visibleRate();
            capRate = r;
            capUntil = now.plus(d);
            suspendedFor = null;
            badStreak = 0;
            lastRateChange = now;
            moveTo(State.BACKOFF, r, "rate set to " + Texts.rate(r) + " msg/s until " + capUntil + " by " + by,
                    "by operator " + by + " (rate set for " + Texts.duration(d) + ")", before);
        }

        void operatorSuspend(Duration d, String why) {
            suspendFor(d, "suspended for " + Texts.duration(d) + " by operator: " + why,
                    "by operator (" + why + "), suspended for " + Texts.duration(d));
        }

        void probeNow(String by) {
            StateTransition.transitionBetween(state, State.PROBING); // throws unless SUSPENDED
            double probe = capActive() ? Math.min(config.getProbeRate(), capRate) : config.getProbeRate();
            moveTo(State.PROBING, probe, "probing early, started by " + by, "by operator " + by + " (probe now)");
        }

        void reconfigure(FlowControlConfig c) {
            config = c;
            changed = true;
            if ((state == State.NORMAL || state == State.BACKOFF) && rate > c.getMaxRate()) {
                rateChange(c.getMaxRate(), "after a config change (maxRate " + Texts.rate(c.getMaxRate()) + ")");
            }
        }
    }
}
