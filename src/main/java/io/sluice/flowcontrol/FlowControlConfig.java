package io.sluice.flowcontrol;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, validated knobs of one {@link DomainFlow}. Build with {@link #custom()},
 * {@link #from(FlowControlConfig)} or {@link #ofDefaults()} ({@link FlowControlConfigBuilder}: each setter fails
 * fast with an {@link IllegalArgumentException} whose message names the key as written in {@code domains.yaml}
 * ({@code flow.<name>}) and the bad value, and {@code build()} checks the relations between keys).
 *
 * <p>Rates are messages per second. An error ratio is
 * {@code (deferrals + connectionFailures + policyFailures) / (attempts - internalFailures)}
 * (see {@link WindowCounts#errorRatio()}).
 */
public final class FlowControlConfig {

    /** Rate of a fresh flow (msg/s). */
    public static final double DEFAULT_INITIAL_RATE = 10;
    /** Lowest rate backoff may cut to (msg/s); only a provider's SET_RATE rule or an operator goes lower. */
    public static final double DEFAULT_MIN_RATE = 0.1;
    /** Highest rate ramp-up may reach (msg/s). */
    public static final double DEFAULT_MAX_RATE = 50;
    /** Multiplier applied after a clean window: +10 %. */
    public static final double DEFAULT_RAMP_UP_FACTOR = 1.1;
    /** Multiplier applied on backoff: halve the rate. */
    public static final double DEFAULT_BACKOFF_FACTOR = 0.5;
    /** A window with at least this error ratio is bad. */
    public static final double DEFAULT_ERROR_RATIO_THRESHOLD = 0.3;
    /** A window with at most this error ratio is clean (may raise the rate); between the two the rate holds. */
    public static final double DEFAULT_CLEAN_ERROR_RATIO = 0.05;
    /** Fewer attempts than this: no decision yet, the counts carry over to the next window. */
    public static final int DEFAULT_MIN_ATTEMPTS = 10;
    /** Length of one aggregation window; also the least time between two rate cuts. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    /** Consecutive bad windows while in BACKOFF with nothing accepted (or at minRate) that suspend the flow. */
    public static final int DEFAULT_BAD_WINDOWS_TO_SUSPEND = 3;
    /** Suspension after too many bad windows. */
    public static final Duration DEFAULT_SUSPEND_DURATION = Duration.ofMinutes(10);
    /** Cap of a suspension that doubles after failed probes. */
    public static final Duration DEFAULT_MAX_SUSPEND_DURATION = Duration.ofHours(4);
    /** Rate while PROBING (msg/s). */
    public static final double DEFAULT_PROBE_RATE = 0.5;
    /** Accepted probes, with no deferral or failure, that return a flow to NORMAL. */
    public static final int DEFAULT_PROBE_SUCCESSES = 5;

    /**
     * Deferrals or refusals in a row that cut the rate at once, before the window closes; 0 = only windows. On by
     * default since stop 32, with learned limits ({@link #DEFAULT_PLATEAU_SHARE}): together they meet issue 21's
     * targets against a real Postfix measured against the rate it really grants (docs/flow-control.md, "Against a real
     * Postfix smtpd"), where the plain policy defers 4-5 times as much. 3 is what was measured.
     */
    public static final int DEFAULT_REACT_AFTER_BAD_IN_ROW = 3;
    /** The last attempts whose error ratio may also cut the rate at once (at most 64). */
    public static final int DEFAULT_REACT_RECENT_ATTEMPTS = 10;
    /** Error ratio over the last {@code reactRecentAttempts} that cuts the rate at once. */
    public static final double DEFAULT_REACT_ERROR_RATIO = 0.5;
    /**
     * Share of a learned deferral onset a flow ramps to at once; beyond it the flow climbs carefully. 0 = learn no
     * limits (the plain ramp and cuts); 0.92 is what was measured, the default since stop 32 (see
     * {@link #DEFAULT_REACT_AFTER_BAD_IN_ROW}).
     */
    public static final double DEFAULT_PLATEAU_SHARE = 0.92;

    private final FlowKnobs knobs;

    FlowControlConfig(FlowKnobs knobs) {
        this.knobs = knobs;
    }

    /** The defaults ({@code DEFAULT_*}). */
    public static FlowControlConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static FlowControlConfigBuilder custom() {
        return new FlowControlConfigBuilder();
    }

    /** A builder starting from {@code prototype}'s values. */
    public static FlowControlConfigBuilder from(FlowControlConfig prototype) {
        return new FlowControlConfigBuilder(Objects.requireNonNull(prototype, "prototype").knobs);
    }

    public double getInitialRate() {
        return knobs.initialRate();
    }

    public double getMinRate() {
        return knobs.minRate();
    }

    public double getMaxRate() {
        return knobs.maxRate();
    }

    public double getRampUpFactor() {
        return knobs.rampUpFactor();
    }

    public double getBackoffFactor() {
        return knobs.backoffFactor();
    }

    public double getErrorRatioThreshold() {
        return knobs.errorRatioThreshold();
    }

    public double getCleanErrorRatio() {
        return knobs.cleanErrorRatio();
    }

    public int getMinAttempts() {
        return knobs.minAttempts();
    }

    public Duration getWindow() {
        return knobs.window();
    }

    /** Least time between a rate change and the next raise (anti-flap); equals {@link #getWindow()} unless set. */
    public Duration getUpHoldoff() {
        return knobs.upHoldoff() != null ? knobs.upHoldoff() : knobs.window();
    }

    public int getBadWindowsToSuspend() {
        return knobs.badWindowsToSuspend();
    }

    public Duration getSuspendDuration() {
        return knobs.suspendDuration();
    }

    public Duration getMaxSuspendDuration() {
        return knobs.maxSuspendDuration();
    }

    public double getProbeRate() {
        return knobs.probeRate();
    }

    public int getProbeSuccesses() {
        return knobs.probeSuccesses();
    }

    /** Deferrals or refusals in a row that cut the rate at once, 0 when only closed windows cut. */
    public int getReactAfterBadInRow() {
        return knobs.reactAfterBadInRow();
    }

    /** How many of the last attempts {@link #getReactErrorRatio()} is taken over. */
    public int getReactRecentAttempts() {
        return knobs.reactRecentAttempts();
    }

    /** Error ratio over the last {@link #getReactRecentAttempts()} attempts that cuts the rate at once. */
    public double getReactErrorRatio() {
        return knobs.reactErrorRatio();
    }

    /** Share of the learned deferral onset that a flow ramps to at once (see {@link LearnedLimit}). */
    public double getPlateauShare() {
        return knobs.plateauShare();
    }

    /** Whether a flow learns its site's limits: {@code plateauShare} 0 learns none, and every step is the plain one. */
    public boolean learnsLimits() {
        return knobs.plateauShare() > 0;
    }

    /** The rate a flow restarts at after successful probes: {@code max(minRate, initialRate * backoffFactor)}. */
    public double getRestartRate() {
        return Math.max(knobs.minRate(), knobs.initialRate() * knobs.backoffFactor());
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof FlowControlConfig c && knobs.equals(c.knobs);
    }

    @Override
    public int hashCode() {
        return knobs.hashCode();
    }

    @Override
    public String toString() {
        return "FlowControlConfig{initialRate=" + Texts.value(getInitialRate()) + ", minRate=" + Texts.value(getMinRate())
                + ", maxRate=" + Texts.value(getMaxRate()) + ", rampUpFactor=" + getRampUpFactor()
                + ", backoffFactor=" + getBackoffFactor() + ", errorRatioThreshold=" + getErrorRatioThreshold()
                + ", cleanErrorRatio=" + getCleanErrorRatio() + ", minAttempts=" + getMinAttempts()
                + ", window=" + Texts.duration(getWindow()) + ", upHoldoff=" + Texts.duration(getUpHoldoff())
                + ", badWindowsToSuspend=" + getBadWindowsToSuspend()
                + ", suspendDuration=" + Texts.duration(getSuspendDuration())
                + ", maxSuspendDuration=" + Texts.duration(getMaxSuspendDuration())
                + ", probeRate=" + Texts.value(getProbeRate()) + ", probeSuccesses=" + getProbeSuccesses()
                + ", reactAfterBadInRow=" + getReactAfterBadInRow() + ", reactRecentAttempts=" + getReactRecentAttempts()
                + ", reactErrorRatio=" + getReactErrorRatio() + ", plateauShare=" + getPlateauShare() + "}";
    }
}
