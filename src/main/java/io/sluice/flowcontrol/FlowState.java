package io.sluice.flowcontrol;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link DomainFlow} has learned about its key, as plain values: no config, rule, clock or listener,
 * so that it can be written to a row and read back ({@link #toMap()} / {@link #fromMap(Map)}) and a flow restored
 * from it behaves as the one it was taken from. Immutable; a flow swaps in a new one per change.
 *
 * @param state          the state
 * @param rate           msg/s: the learned rate in NORMAL and BACKOFF, the probe rate in PROBING, 0 in SUSPENDED
 *                       (a rate cap in force lowers what is allowed below it, see {@link #effectiveRate(Instant)})
 * @param reason         the reply, rule, window or operator that caused the state
 * @param since          when the state was entered
 * @param suspendedUntil end of the suspension (SUSPENDED only), else null
 * @param suspendedFor   length of the last suspension, doubled after a failed probe; null once healed
 * @param capRate        msg/s of a rate cap (SET_RATE rule or operator), NaN when none
 * @param capUntil       end of the rate cap, null when none
 * @param badStreak      bad windows in a row in BACKOFF in which nothing got through (or at {@code minRate})
 * @param probeAccepted  probes accepted since PROBING was entered
 * @param lastRateChange when the rate last changed (a raise waits {@code upHoldoff} after it)
 * @param lastCut        when the rate was last cut (at most one cut per {@code window}), null if never
 * @param lastWindow     the last window fed to the flow
 * @param evidence       windows gathered towards the next decision (carried over below {@code minAttempts})
 * @param learned        the site's limit as learned so far (kept in every state, by operator resets and reloads)
 * @param burst          the last attempts one by one, for a cut before the window closes
 */
public record FlowState(DomainFlow.State state, double rate, String reason, Instant since, Instant suspendedUntil,
                        Duration suspendedFor, double capRate, Instant capUntil, int badStreak, long probeAccepted,
                        Instant lastRateChange, Instant lastCut, WindowCounts lastWindow, WindowEvidence evidence,
                        LearnedLimit learned, BurstWatch burst) {

    public FlowState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastRateChange, "lastRateChange");
        Objects.requireNonNull(lastWindow, "lastWindow");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(learned, "learned");
        Objects.requireNonNull(burst, "burst");
        if (Double.isNaN(rate) || rate < 0) {
            throw new IllegalArgumentException("flow state rate must be >= 0, was " + rate);
        }
        if (state == DomainFlow.State.SUSPENDED && suspendedUntil == null) {
            throw new IllegalArgumentException("a SUSPENDED flow state needs suspendedUntil");
        }
        if (badStreak < 0 || probeAccepted < 0) {
            throw new IllegalArgumentException("flow state counts must be >= 0, was badStreak " + badStreak
                    + ", probeAccepted " + probeAccepted);
        }
    }

    /** The state of a key never seen before: NORMAL at {@code initialRate}. */
    public static FlowState initial(FlowControlConfig config, Instant now) {
        return initial(config, now, LearnedLimit.NONE);
    }

    /**
     * The state of a key never seen before that starts from a limit learned elsewhere (its provider group): NORMAL at
     * the learned plateau ({@code plateauShare} of the onset, see {@link LearnedLimit#plateau}), within
     * {@code minRate}..{@code maxRate}; at {@code initialRate} when nothing was learned.
     */
    public static FlowState initial(FlowControlConfig config, Instant now, LearnedLimit learned) {
        double plateau = learned.plateau(config.getPlateauShare());
        double rate = Double.isNaN(plateau) ? config.getInitialRate()
                : Math.max(config.getMinRate(), Math.min(config.getMaxRate(), plateau));
        return new FlowState(DomainFlow.State.NORMAL, rate, Double.isNaN(plateau) ? "new flow"
                : "new flow, starting from its provider group's learned limit (" + learned.describe() + ")", now, null,
                null, Double.NaN, null, 0, 0, now, null, WindowCounts.EMPTY, WindowEvidence.EMPTY, learned,
                BurstWatch.EMPTY);
    }

    /** True while a rate cap is in force. */
    public boolean capActive(Instant now) {
        return !Double.isNaN(capRate) && capUntil != null && now.isBefore(capUntil);
    }

    /** Messages per second allowed at {@code now}: 0 while SUSPENDED, never above a cap in force. */
    public double effectiveRate(Instant now) {
        if (state == DomainFlow.State.SUSPENDED) {
            return 0;
        }
        return capActive(now) ? Math.min(rate, capRate) : rate;
    }

    /** End of the suspension (SUSPENDED) or of the rate cap in force, else null. */
    public Instant until(Instant now) {
        if (state == DomainFlow.State.SUSPENDED) {
            return suspendedUntil;
        }
        return capActive(now) ? capUntil : null;
    }

    // ---------------------------------------------------------------- copies with some values changed

    FlowState entered(DomainFlow.State to, double newRate, String newReason, Instant newSince) {
        return new FlowState(to, newRate, newReason, newSince, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, evidence, learned, burst);
    }

    FlowState withRate(double newRate, Instant changedAt) {
        return new FlowState(state, newRate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, changedAt, lastCut, lastWindow, evidence, learned, burst);
    }

    /**
     * The rate was cut (or lowered by a cap) at {@code at}: no other cut for a window, no raise for a holdoff, and the
     * run of bad attempts that may cut before the window closes starts again.
     */
    FlowState withCut(Instant at) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, at, at, lastWindow, evidence, learned, burst.afterAnyCut());
    }

    FlowState withSuspension(Instant until, Duration length) {
        return new FlowState(state, rate, reason, since, until, length, capRate, capUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, evidence, learned, burst);
    }

    /** Healed (the next suspension starts from {@code suspendDuration} again), the rate set anew at {@code at}. */
    FlowState healed(Instant at) {
        return new FlowState(state, rate, reason, since, suspendedUntil, null, capRate, capUntil,
                badStreak, probeAccepted, at, lastCut, lastWindow, evidence, learned, burst);
    }

    FlowState withCap(double newCapRate, Instant newCapUntil) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, newCapRate, newCapUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, evidence, learned, burst);
    }

    FlowState withoutCap() {
        return withCap(Double.NaN, null);
    }

    FlowState withBadStreak(int n) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                n, probeAccepted, lastRateChange, lastCut, lastWindow, evidence, learned, burst);
    }

    FlowState withProbeAccepted(long n) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, n, lastRateChange, lastCut, lastWindow, evidence, learned, burst);
    }

    FlowState withLastWindow(WindowCounts w) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, w, evidence, learned, burst);
    }

    FlowState withEvidence(WindowEvidence e) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, e, learned, burst);
    }

    FlowState withLearned(LearnedLimit l) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, evidence, l, burst);
    }

    FlowState withBurst(BurstWatch b) {
        return new FlowState(state, rate, reason, since, suspendedUntil, suspendedFor, capRate, capUntil,
                badStreak, probeAccepted, lastRateChange, lastCut, lastWindow, evidence, learned, b);
    }

    // ---------------------------------------------------------------- plain fields

    /**
     * The state as named plain values, one per column of a row: strings, numbers, {@link Instant}s and
     * {@link Duration}s, null where absent (no suspension, no cap); window counts flattened as
     * {@code lastWindow.accepted}, {@code evidence.deferrals}, {@code evidence.windows}, ...
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.name());
        m.put("rate", rate);
        m.put("reason", reason);
        m.put("since", since);
        m.put("suspendedUntil", suspendedUntil);
        m.put("suspendedFor", suspendedFor);
        m.put("capRate", Double.isNaN(capRate) ? null : capRate);
        m.put("capUntil", capUntil);
        m.put("badStreak", badStreak);
        m.put("probeAccepted", probeAccepted);
        m.put("lastRateChange", lastRateChange);
        m.put("lastCut", lastCut);
        putCounts(m, "lastWindow.", lastWindow);
        putCounts(m, "evidence.", evidence.counts());
        m.put("evidence.windows", evidence.windows());
        m.put("learned.deferralOnsetRate", learned.onsetKnown() ? learned.deferralOnsetRate() : null);
        m.put("learned.cleanMaxRate", Double.isNaN(learned.cleanMaxRate()) ? null : learned.cleanMaxRate());
        m.put("learned.learnedAt", learned.learnedAt());
        m.put("learned.measured", learned.measured() ? 1 : 0);
        m.put("burst.recent", burst.recent());
        m.put("burst.count", burst.count());
        m.put("burst.badInRow", burst.badInRow());
        m.put("burst.hold", burst.hold());
        m.put("cycle.from", burst.cycle().from());
        m.put("cycle.accepted", burst.cycle().accepted());
        m.put("cycle.stray", burst.cycle().stray());
        m.put("cycle.deferredAt", burst.cycle().deferredAt());
        m.put("cycle.run", burst.cycle().run());
        m.put("cycle.renewalsOnly", burst.cycle().renewalsOnly() ? 1 : 0);
        QuotaShare share = burst.cycle().unreported();
        m.put("cycle.unreportedRate", share == null ? null : share.rate());
        m.put("cycle.unreportedAt", share == null ? null : share.renewal());
        return m;
    }

    /** The state {@link #toMap()} wrote; numbers may come back as any {@link Number}. */
    public static FlowState fromMap(Map<String, ?> m) {
        Number capRate = (Number) m.get("capRate");
        return new FlowState(DomainFlow.State.valueOf((String) m.get("state")), number(m, "rate").doubleValue(),
                (String) m.get("reason"), (Instant) m.get("since"), (Instant) m.get("suspendedUntil"),
                (Duration) m.get("suspendedFor"), capRate == null ? Double.NaN : capRate.doubleValue(),
                (Instant) m.get("capUntil"), number(m, "badStreak").intValue(), number(m, "probeAccepted").longValue(),
                (Instant) m.get("lastRateChange"), (Instant) m.get("lastCut"), counts(m, "lastWindow."),
                new WindowEvidence(counts(m, "evidence."), number(m, "evidence.windows").intValue()), learned(m),
                burst(m));
    }

    /** A map written before learned limits were kept has none: nothing learned. */
    private static LearnedLimit learned(Map<String, ?> m) {
        Number onset = (Number) m.get("learned.deferralOnsetRate");
        Number clean = (Number) m.get("learned.cleanMaxRate");
        Instant at = (Instant) m.get("learned.learnedAt");
        if (at == null) {
            return LearnedLimit.NONE;
        }
        return new LearnedLimit(onset == null ? Double.NaN : onset.doubleValue(),
                clean == null ? Double.NaN : clean.doubleValue(), at,
                m.get("learned.measured") != null && number(m, "learned.measured").intValue() != 0);
    }

    /** A map without the burst watch (written before it existed): an empty watch. */
    private static BurstWatch burst(Map<String, ?> m) {
        if (m.get("burst.count") == null) {
            return BurstWatch.EMPTY;
        }
        return new BurstWatch(number(m, "burst.recent").longValue(), number(m, "burst.count").intValue(),
                number(m, "burst.badInRow").intValue(), number(m, "burst.hold").intValue(), cycle(m));
    }

    /** A map without the quota cycle (written before it existed): nothing measured. */
    private static QuotaCycle cycle(Map<String, ?> m) {
        if (m.get("cycle.accepted") == null) {
            return QuotaCycle.EMPTY;
        }
        return new QuotaCycle((Instant) m.get("cycle.from"), number(m, "cycle.accepted").intValue(),
                number(m, "cycle.stray").intValue(), (Instant) m.get("cycle.deferredAt"),
                number(m, "cycle.run").intValue(), number(m, "cycle.renewalsOnly").intValue() != 0,
                m.get("cycle.unreportedAt") == null ? null : QuotaShare.at(number(m, "cycle.unreportedRate")
                        .doubleValue(), (Instant) m.get("cycle.unreportedAt")));
    }

    private static void putCounts(Map<String, Object> m, String prefix, WindowCounts w) {
        m.put(prefix + "attempts", w.attempts());
        m.put(prefix + "accepted", w.accepted());
        m.put(prefix + "deferrals", w.deferrals());
        m.put(prefix + "connectionFailures", w.connectionFailures());
        m.put(prefix + "hardFailures", w.hardFailures());
        m.put(prefix + "policyFailures", w.policyFailures());
        m.put(prefix + "internalFailures", w.internalFailures());
    }

    private static WindowCounts counts(Map<String, ?> m, String prefix) {
        return new WindowCounts(number(m, prefix + "attempts").longValue(), number(m, prefix + "accepted").longValue(),
                number(m, prefix + "deferrals").longValue(), number(m, prefix + "connectionFailures").longValue(),
                number(m, prefix + "hardFailures").longValue(), number(m, prefix + "policyFailures").longValue(),
                number(m, prefix + "internalFailures").longValue());
    }

    private static Number number(Map<String, ?> m, String name) {
        Object v = m.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("flow state " + name + " must be a number, was " + v);
        }
        return n;
    }
}
