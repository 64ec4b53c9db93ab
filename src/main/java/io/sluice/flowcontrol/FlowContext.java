package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.sluice.flowcontrol.DomainFlow.State;
import io.sluice.flowcontrol.DomainFlow.StateTransition;

/**
 * What one event on one flow works with: the flow's key and config, the instant, and the moves the state classes
 * share. The state itself is never changed: every move returns a new {@link FlowState}; the events the moves produce
 * are kept here, and {@link FlowStateHolder} publishes them once the new state is swapped in.
 */
final class FlowContext {

    /**
     * A clean window raises the rate only when the destination was sent at least this share of the rate during it
     * (attempts per second over the windows judged); otherwise the rate was not what held its mail back.
     */
    static final double MIN_USE_TO_RAISE = 0.5;

    private final String key;
    private final FlowControlConfig config;
    private final Instant now;
    private final boolean sharesOnly;
    private List<FlowEvent> events; // shared with a reconfigured copy; null until the first event

    /**
     * @param sharesOnly other instances send to the site too: a renewal measures only this one's share, and guesses
     *                   teach nothing ({@link LearnedSteps#guesses})
     */
    FlowContext(String key, FlowControlConfig config, Instant now, boolean sharesOnly) {
        this.key = key;
        this.config = config;
        this.now = now;
        this.sharesOnly = sharesOnly;
    }

    /** The same event under a new config (the events so far are kept). */
    FlowContext reconfigured(FlowControlConfig newConfig) {
        FlowContext c = new FlowContext(key, newConfig, now, sharesOnly);
        c.events = events();
        return c;
    }

    FlowControlConfig config() {
        return config;
    }

    Instant now() {
        return now;
    }

    /** The events produced so far, in order. */
    List<FlowEvent> events() {
        if (events == null) {
            events = new ArrayList<>(2);
        }
        return events;
    }

    /** True once a move has produced an event (the state must then be swapped in, even if equal). */
    boolean produced() {
        return events != null && !events.isEmpty();
    }

    /** The class of {@code state}. */
    static StateHandler handler(State state) {
        return switch (state) {
            case NORMAL -> NormalState.INSTANCE;
            case BACKOFF -> BackoffState.INSTANCE;
            case SUSPENDED -> SuspendedState.INSTANCE;
            case PROBING -> ProbingState.INSTANCE;
        };
    }

    // ---------------------------------------------------------------- the events, dispatched to the state

    /**
     * The state another instance judged (sluice.cluster.shared-flow-state), all of it: keeping anything of this
     * instance's own would make its state differ from the stored one, to be written back and followed by the others,
     * over and over. An event when the state or the rate allowed changes here.
     */
    FlowState follow(FlowState s, FlowState shared, String cause) {
        // the burst watch and quota cycle are what this instance saw of its own attempts: never shared, kept
        FlowState next = shared.withBurst(s.burst());
        double before = visibleRate(s);
        double after = visibleRate(next);
        // a move no judgement makes here (NORMAL to PROBING: this instance missed the suspension in between) is told
        // as a change of rate in the new state
        if (next.state() != s.state() && StateTransition.isLegal(s.state(), next.state())) {
            events().add(new FlowEvent.StateTransitioned(key, StateTransition.transitionBetween(s.state(), next.state()),
                    before, after, next.until(now), cause, now));
        } else if (after != before || next.state() != s.state()) {
            events().add(new FlowEvent.RateChanged(key, next.state(), before, after, cause, now));
        }
        return next;
    }

    /** Due time-based moves: the end of a suspension, the end of a rate cap. */
    FlowState onTime(FlowState s) {
        return handler(s.state()).onTime(this, s);
    }

    /** A completed window. */
    FlowState onWindow(FlowState s, WindowCounts w) {
        // the window's close ends the wait for replies from before an early cut (BurstWatch)
        // and a clean window may end the span a quota cycle is measured over (QuotaCycle)
        BurstWatch b = s.burst().released();
        b = b.withCycle(b.cycle().windowClosed(w, config.getWindow(), now));
        return handler(s.state()).onWindow(this, s.withLastWindow(w).withBurst(b), w);
    }

    /** A reply that matched {@code rule}. */
    FlowState onRule(FlowState s, ReplyRule rule, String reply) {
        // an authentication rule says so first: the history, the JMX Reason and the report name the sender's fault
        String matched = (rule.isAuthentication() ? ReplyRule.AUTHENTICATION_FAILURE + ": " : "") + "rule "
                + rule.getName() + " matched " + Texts.quote(reply);
        StateHandler h = handler(s.state());
        switch (rule.getAction()) {
            case BACKOFF:
                return h.onBackoffRule(this, s, matched);
            case SUSPEND:
                return h.onSuspendRule(this, s, rule.getDuration(), matched);
            case SET_RATE:
                return capByRule(h, s, rule, matched);
            default:
                throw new IllegalStateException("unknown action " + rule.getAction());
        }
    }

    /** The cap is recorded in every state (a suspended flow finds it in force when probing); the state does the rest. */
    private FlowState capByRule(StateHandler h, FlowState s, ReplyRule rule, String matched) {
        double before = visibleRate(s);
        boolean hadCap = s.capActive(now);
        double cap = hadCap ? Math.min(s.capRate(), rule.getRate()) : rule.getRate();
        Instant until = now.plus(rule.getDuration());
        boolean lowered = !hadCap || cap < s.capRate();
        Instant capUntil = hadCap && s.capUntil().isAfter(until) ? s.capUntil() : until;
        return h.onRateCap(this, s.withCap(cap, capUntil), new StateHandler.NewCap(cap, capUntil, lowered, before,
                matched));
    }

    // ---------------------------------------------------------------- shared moves

    double visibleRate(FlowState s) {
        return s.effectiveRate(now);
    }

    boolean capActive(FlowState s) {
        return s.capActive(now);
    }

    boolean mayCut(FlowState s) {
        return RateStep.of(config).mayCut(s.lastCut(), now);
    }

    /** The rate after a cut of {@code s}'s rate (gentler at a learned limit, see {@link LearnedSteps}). */
    double cut(FlowState s) {
        return LearnedSteps.cut(config, s);
    }

    /** Deferrals began at {@code s}'s rate (when cutting from NORMAL). */
    FlowState learnCut(FlowState s) {
        return LearnedSteps.learnCut(config, s, now, sharesOnly);
    }

    /**
     * A bad window: what still got through per second is where deferrals begin, if below the known onset, unless the
     * deferrals {@code watched} before the cut came scattered among acceptances.
     */
    FlowState learnBadWindow(FlowState s, WindowEvidence ev, BurstWatch watched) {
        return LearnedSteps.learnBadWindow(config, s, ev, watched, now, sharesOnly);
    }

    /**
     * One attempt's outcome, before its window closes: a run of deferrals or refusals ({@link BurstWatch}) cuts the
     * rate at once in NORMAL and BACKOFF. Hard and internal failures say nothing about the rate and are not counted.
     *
     * @param inFlight attempts still under way (sent at the rate in force before a cut made now)
     */
    FlowState onAttempt(FlowState s, Outcome outcome, int inFlight) {
        if (outcome == Outcome.HARD_FAILURE || outcome == Outcome.INTERNAL_FAILURE
                || !handler(s.state()).keepsLearnedRate()) {
            return s;
        }
        boolean bad = outcome != Outcome.ACCEPTED;
        FlowState measured = LearnedSteps.learnCycle(config, s, bad, now, sharesOnly);
        FlowState toPlateau = toMeasuredPlateau(s, measured);
        if (toPlateau != null) {
            return toPlateau;
        }
        BurstWatch b = measured.burst();
        if (config.getReactAfterBadInRow() == 0
                || !bad && b.recent() == 0 && b.hold() == 0 && b.count() == BurstWatch.CAPACITY) {
            return measured; // windows only, or a long clean run: nothing more to remember
        }
        BurstWatch next = b.plus(bad);
        if (!next.triggers(config, s.state() == DomainFlow.State.NORMAL)) {
            return measured.withBurst(next);
        }
        String what = next.badInRow() >= config.getReactAfterBadInRow()
                ? next.badInRow() + " attempts in a row deferred or refused"
                : next.badAmongLast(config.getReactRecentAttempts()) + " of the last "
                + config.getReactRecentAttempts() + " attempts deferred or refused";
        FlowState cut = handler(s.state()).onBurst(this, measured, what);
        return cut.withBurst(cut.burst().afterCut(inFlight));
    }

    /**
     * The receiver renewed its quota and told us its rate ({@code measured} learned what {@code before} did not): to
     * just under it at once, not a window later. From BACKOFF back to NORMAL, up or down (a flow held back above the
     * receiver's rate would only use up the next quota early); in NORMAL only down. Null when nothing was measured, a
     * cap is in force, or neither applies.
     */
    private FlowState toMeasuredPlateau(FlowState before, FlowState s) {
        if (s.learned() == before.learned() || capActive(s)) {
            return null;
        }
        double plateau = Math.min(config.getMaxRate(), s.learned().plateau(config.getPlateauShare()));
        String why = "receiver's rate measured (" + s.learned().describe() + "); sending just under it";
        if (s.state() == State.BACKOFF) {
            return moveTo(s, State.NORMAL, plateau, why, "after the receiver accepted again");
        }
        if (s.state() == State.NORMAL && s.rate() > plateau) {
            return changeRate(s, plateau, why + ", after the receiver accepted again");
        }
        return null;
    }

    /**
     * The site's rate, measured by adding up the shares every instance measured of it (the site's judgement,
     * {@code io.sluice.cluster.SharedFlowState}): learned, and the rate moved just under it as at a renewal.
     */
    FlowState onSiteRate(FlowState s, double rate) {
        if (!handler(s.state()).keepsLearnedRate()) {
            return s;
        }
        FlowState measured = LearnedSteps.learnSiteRate(config, s, rate, now);
        FlowState toPlateau = toMeasuredPlateau(s, measured);
        return toPlateau == null ? measured : toPlateau;
    }

    /** The highest rate allowed: {@code maxRate}, or a lower cap in force. */
    double ceiling(FlowState s) {
        return capActive(s) ? Math.min(config.getMaxRate(), s.capRate()) : config.getMaxRate();
    }

    /** {@code probeRate}, or a lower cap in force. */
    double probeRate(FlowState s) {
        return capActive(s) ? Math.min(config.getProbeRate(), s.capRate()) : config.getProbeRate();
    }

    /** Moves (validated against {@link StateTransition}) and records the event. */
    FlowState moveTo(FlowState s, State to, double newRate, String reason, String cause) {
        return moveTo(s, to, newRate, reason, cause, visibleRate(s));
    }

    /** As above, with the rate visible before this event changed a cap. */
    FlowState moveTo(FlowState s, State to, double newRate, String reason, String cause, double before) {
        StateTransition t = StateTransition.transitionBetween(s.state(), to);
        FlowState next = handler(to).onEntry(s.entered(to, newRate, reason, to != s.state() ? now : s.since()));
        events().add(new FlowEvent.StateTransitioned(key, t, before, visibleRate(next), next.until(now), cause, now));
        return next;
    }

    /** A new rate in the same state; an event when the rate allowed changes. */
    FlowState changeRate(FlowState s, double newRate, String cause) {
        double before = visibleRate(s);
        FlowState next = s.withRate(newRate, now);
        double after = visibleRate(next);
        if (after != before) {
            events().add(new FlowEvent.RateChanged(key, s.state(), before, after, cause, now));
        }
        return next;
    }

    FlowState suspendFor(FlowState s, Duration d, String reason, String cause) {
        return moveTo(s.withSuspension(now.plus(d), d), State.SUSPENDED, 0, reason, cause);
    }

    /** A SUSPEND rule in NORMAL or BACKOFF. */
    FlowState suspendByRule(FlowState s, Duration d, String matched) {
        return suspendFor(s, d, matched + "; suspended for " + Texts.duration(d),
                "after " + matched + ", suspended for " + Texts.duration(d));
    }

    /** Suspends again, for twice as long as last time (or {@code atLeast}, if longer). */
    FlowState failProbe(FlowState s, Duration atLeast, String what) {
        Duration d = SuspensionDoubling.of(config).after(s.suspendedFor());
        if (atLeast != null && atLeast.compareTo(d) > 0) {
            d = atLeast;
        }
        return suspendFor(s, d, "probe failed: " + what + "; suspended for " + Texts.duration(d),
                "after a failed probe (" + what + "), suspended for " + Texts.duration(d));
    }

    /** Lifts a rate cap that has ended; {@code s} itself when there is none to lift. */
    FlowState expireCap(FlowState s) {
        if (!Double.isNaN(s.capRate()) && (s.capUntil() == null || !now.isBefore(s.capUntil()))) {
            return s.withoutCap();
        }
        return s;
    }

    /**
     * True when the gathered windows are judged now: {@code minAttempts} reached, or an error-free window in which the
     * destination was sent at least {@link #MIN_USE_TO_RAISE} of its rate. At a low rate minAttempts takes many
     * windows to fill (10 attempts at 0.2 msg/s = 50 s), and a flow recovering from a cut would climb by one step per
     * fill; load runs settled at 0.1-0.4 msg/s against receivers taking 1 msg/s. Windows with any deferral or refusal
     * still wait for minAttempts: a single deferral among few attempts is no reason to cut.
     */
    boolean judged(FlowState s, WindowEvidence ev) {
        return ev.enough(config.getMinAttempts()) || ev.errorFree() && sentAtLeastHalf(s, ev);
    }

    /** The error ratio of {@code ev} makes it bad ({@code >= errorRatioThreshold}). */
    boolean bad(WindowEvidence ev) {
        return ev.counts().errorRatio() >= config.getErrorRatioThreshold();
    }

    /** The error ratio of {@code ev} makes it clean ({@code <= cleanErrorRatio}). */
    boolean clean(WindowEvidence ev) {
        return ev.counts().errorRatio() <= config.getCleanErrorRatio();
    }

    /** Raises the rate after a clean window, if due, below the ceiling, and the rate was used. */
    FlowState raise(FlowState s, WindowEvidence ev) {
        if (!sentAtLeastHalf(s, ev)) {
            // Not sent at anything near the rate (few messages queued for it): a clean window says nothing about
            // a higher rate, and raising anyway lets the rate drift far above what the receiver takes, to be
            // paid for with a burst of deferrals once mail arrives (cf. RFC 7661, congestion window validation).
            return s;
        }
        FlowState learned = LearnedSteps.learnClean(config, s, now, sharesOnly);
        double ceiling = ceiling(learned);
        // up to the plateau of a learned limit, a clean window is enough (the holdoff is for climbing into the unknown)
        boolean toPlateau = LearnedSteps.belowPlateau(config, learned);
        if (learned.rate() >= ceiling || !toPlateau && !RateStep.of(config).mayRaise(learned.lastRateChange(), now)) {
            return learned;
        }
        return changeRate(learned, LearnedSteps.raise(config, learned, ceiling), "after a clean window ("
                + ev.describe() + ")");
    }

    private boolean sentAtLeastHalf(FlowState s, WindowEvidence ev) {
        return ev.sentAtLeast(MIN_USE_TO_RAISE, s.rate(), config.getWindow());
    }
}
