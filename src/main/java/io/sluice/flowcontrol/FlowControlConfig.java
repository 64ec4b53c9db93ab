package io.sluice.flowcontrol;

import static io.sluice.flowcontrol.FlowConfigChecks.atLeastOne;
import static io.sluice.flowcontrol.FlowConfigChecks.finiteIn;
import static io.sluice.flowcontrol.FlowConfigChecks.positive;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable, validated knobs of one {@link DomainFlow}. Build with {@link #custom()},
 * {@link #from(FlowControlConfig)} or {@link #ofDefaults()}; every setter fails fast with an
 * {@link IllegalArgumentException} whose message names the key as written in {@code domains.yaml}
 * ({@code flow.<name>}) and the bad value, and {@link Builder#build()} checks the relations between keys.
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

    private final FlowKnobs knobs;

    private FlowControlConfig(FlowKnobs knobs) {
        this.knobs = knobs;
    }

    /** The defaults ({@code DEFAULT_*}). */
    public static FlowControlConfig ofDefaults() {
        return custom().build();
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code prototype}'s values. */
    public static Builder from(FlowControlConfig prototype) {
        return new Builder(Objects.requireNonNull(prototype, "prototype").knobs);
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
                + ", probeRate=" + Texts.value(getProbeRate()) + ", probeSuccesses=" + getProbeSuccesses() + "}";
    }

    /** Builder; each setter validates its own value, {@link #build()} the relations. */
    public static final class Builder {
        private double initialRate = DEFAULT_INITIAL_RATE;
        private double minRate = DEFAULT_MIN_RATE;
        private double maxRate = DEFAULT_MAX_RATE;
        private double rampUpFactor = DEFAULT_RAMP_UP_FACTOR;
        private double backoffFactor = DEFAULT_BACKOFF_FACTOR;
        private double errorRatioThreshold = DEFAULT_ERROR_RATIO_THRESHOLD;
        private double cleanErrorRatio = DEFAULT_CLEAN_ERROR_RATIO;
        private int minAttempts = DEFAULT_MIN_ATTEMPTS;
        private Duration window = DEFAULT_WINDOW;
        private Duration upHoldoff; // null: follows window
        private int badWindowsToSuspend = DEFAULT_BAD_WINDOWS_TO_SUSPEND;
        private Duration suspendDuration = DEFAULT_SUSPEND_DURATION;
        private Duration maxSuspendDuration = DEFAULT_MAX_SUSPEND_DURATION;
        private double probeRate = DEFAULT_PROBE_RATE;
        private int probeSuccesses = DEFAULT_PROBE_SUCCESSES;

        private Builder() {
        }

        private Builder(FlowKnobs k) {
            this.initialRate = k.initialRate();
            this.minRate = k.minRate();
            this.maxRate = k.maxRate();
            this.rampUpFactor = k.rampUpFactor();
            this.backoffFactor = k.backoffFactor();
            this.errorRatioThreshold = k.errorRatioThreshold();
            this.cleanErrorRatio = k.cleanErrorRatio();
            this.minAttempts = k.minAttempts();
            this.window = k.window();
            this.upHoldoff = k.upHoldoff();
            this.badWindowsToSuspend = k.badWindowsToSuspend();
            this.suspendDuration = k.suspendDuration();
            this.maxSuspendDuration = k.maxSuspendDuration();
            this.probeRate = k.probeRate();
            this.probeSuccesses = k.probeSuccesses();
        }

        /** Rate of a fresh flow, msg/s, {@code > 0}. */
        public Builder initialRate(double v) {
            this.initialRate = positive("flow.initialRate", v);
            return this;
        }

        /** Floor of backoff cuts, msg/s, {@code > 0}. */
        public Builder minRate(double v) {
            this.minRate = positive("flow.minRate", v);
            return this;
        }

        /** Ceiling of ramp-up, msg/s, {@code > 0}. */
        public Builder maxRate(double v) {
            this.maxRate = positive("flow.maxRate", v);
            return this;
        }

        /** Multiplier after a clean window, {@code > 1} and {@code <= 10}. */
        public Builder rampUpFactor(double v) {
            this.rampUpFactor = finiteIn("flow.rampUpFactor", v, "(1,10]", v > 1 && v <= 10);
            return this;
        }

        /** Multiplier on backoff, in {@code (0,1)}. */
        public Builder backoffFactor(double v) {
            this.backoffFactor = finiteIn("flow.backoffFactor", v, "(0,1)", v > 0 && v < 1);
            return this;
        }

        /** Error ratio that makes a window bad, in {@code (0,1]}. */
        public Builder errorRatioThreshold(double v) {
            this.errorRatioThreshold = finiteIn("flow.errorRatioThreshold", v, "(0,1]", v > 0 && v <= 1);
            return this;
        }

        /** Highest error ratio of a clean window, in {@code [0,1)}; must stay below errorRatioThreshold. */
        public Builder cleanErrorRatio(double v) {
            this.cleanErrorRatio = finiteIn("flow.cleanErrorRatio", v, "[0,1)", v >= 0 && v < 1);
            return this;
        }

        /** Attempts needed for a window decision, {@code >= 1}. */
        public Builder minAttempts(int v) {
            this.minAttempts = atLeastOne("flow.minAttempts", v);
            return this;
        }

        /** Aggregation window, {@code > 0}. */
        public Builder window(Duration v) {
            this.window = positive("flow.window", v);
            return this;
        }

        /** Least time between a rate change and the next raise, {@code >= 0}; defaults to window. */
        public Builder upHoldoff(Duration v) {
            this.upHoldoff = FlowConfigChecks.notNegative("flow.upHoldoff", v);
            return this;
        }

        /** Consecutive bad windows in BACKOFF that suspend, {@code >= 1}. */
        public Builder badWindowsToSuspend(int v) {
            this.badWindowsToSuspend = atLeastOne("flow.badWindowsToSuspend", v);
            return this;
        }

        /** Suspension after bad windows, {@code > 0}. */
        public Builder suspendDuration(Duration v) {
            this.suspendDuration = positive("flow.suspendDuration", v);
            return this;
        }

        /** Cap of a doubling suspension, {@code > 0} and {@code >= suspendDuration}. */
        public Builder maxSuspendDuration(Duration v) {
            this.maxSuspendDuration = positive("flow.maxSuspendDuration", v);
            return this;
        }

        /** Rate while PROBING, msg/s, {@code > 0} and {@code <= maxRate}. */
        public Builder probeRate(double v) {
            this.probeRate = positive("flow.probeRate", v);
            return this;
        }

        /** Accepted probes that end PROBING, {@code >= 1}. */
        public Builder probeSuccesses(int v) {
            this.probeSuccesses = atLeastOne("flow.probeSuccesses", v);
            return this;
        }

        /** Validates the relations between keys and builds. */
        public FlowControlConfig build() {
            return FlowConfigChecks.relations(new FlowControlConfig(knobs()));
        }

        /** The values set so far, not yet checked together. */
        FlowKnobs knobs() {
            return new FlowKnobs(initialRate, minRate, maxRate, rampUpFactor, backoffFactor, errorRatioThreshold,
                    cleanErrorRatio, minAttempts, window, upHoldoff, badWindowsToSuspend, suspendDuration,
                    maxSuspendDuration, probeRate, probeSuccesses);
        }
    }
}
