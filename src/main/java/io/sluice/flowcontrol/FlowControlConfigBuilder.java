package io.sluice.flowcontrol;

import static io.sluice.flowcontrol.FlowConfigChecks.atLeastOne;
import static io.sluice.flowcontrol.FlowConfigChecks.finiteIn;
import static io.sluice.flowcontrol.FlowConfigChecks.positive;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_BACKOFF_FACTOR;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_BAD_WINDOWS_TO_SUSPEND;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_CLEAN_ERROR_RATIO;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_ERROR_RATIO_THRESHOLD;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_INITIAL_RATE;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_MAX_RATE;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_MAX_SUSPEND_DURATION;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_MIN_ATTEMPTS;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_MIN_RATE;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_PROBE_RATE;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_PROBE_SUCCESSES;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_RAMP_UP_FACTOR;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_SUSPEND_DURATION;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_WINDOW;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_PLATEAU_SHARE;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_REACT_AFTER_BAD_IN_ROW;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_REACT_ERROR_RATIO;
import static io.sluice.flowcontrol.FlowControlConfig.DEFAULT_REACT_RECENT_ATTEMPTS;

import java.time.Duration;

/**
 * Builds a {@link FlowControlConfig} (from {@link FlowControlConfig#custom()} or {@link FlowControlConfig#from}): each
 * setter validates its own value and names its {@code domains.yaml} key ({@code flow.<name>}) with the bad value,
 * {@link #build()} checks the relations between keys ({@link FlowConfigChecks}). Starts from the
 * {@code FlowControlConfig.DEFAULT_*} values.
 */
public final class FlowControlConfigBuilder {
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
    private int reactAfterBadInRow = DEFAULT_REACT_AFTER_BAD_IN_ROW;
    private int reactRecentAttempts = DEFAULT_REACT_RECENT_ATTEMPTS;
    private double reactErrorRatio = DEFAULT_REACT_ERROR_RATIO;
    private double plateauShare = DEFAULT_PLATEAU_SHARE;

    FlowControlConfigBuilder() {
    }

    FlowControlConfigBuilder(FlowKnobs k) {
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
        this.reactAfterBadInRow = k.reactAfterBadInRow();
        this.reactRecentAttempts = k.reactRecentAttempts();
        this.reactErrorRatio = k.reactErrorRatio();
        this.plateauShare = k.plateauShare();
    }

    /** Rate of a fresh flow, msg/s, {@code > 0}. */
    public FlowControlConfigBuilder initialRate(double v) {
        this.initialRate = positive("flow.initialRate", v);
        return this;
    }

    /** Floor of backoff cuts, msg/s, {@code > 0}. */
    public FlowControlConfigBuilder minRate(double v) {
        this.minRate = positive("flow.minRate", v);
        return this;
    }

    /** Ceiling of ramp-up, msg/s, {@code > 0}. */
    public FlowControlConfigBuilder maxRate(double v) {
        this.maxRate = positive("flow.maxRate", v);
        return this;
    }

    /** Multiplier after a clean window, {@code > 1} and {@code <= 10}. */
    public FlowControlConfigBuilder rampUpFactor(double v) {
        this.rampUpFactor = finiteIn("flow.rampUpFactor", v, "(1,10]", v > 1 && v <= 10);
        return this;
    }

    /** Multiplier on backoff, in {@code (0,1)}. */
    public FlowControlConfigBuilder backoffFactor(double v) {
        this.backoffFactor = finiteIn("flow.backoffFactor", v, "(0,1)", v > 0 && v < 1);
        return this;
    }

    /** Error ratio that makes a window bad, in {@code (0,1]}. */
    public FlowControlConfigBuilder errorRatioThreshold(double v) {
        this.errorRatioThreshold = finiteIn("flow.errorRatioThreshold", v, "(0,1]", v > 0 && v <= 1);
        return this;
    }

    /** Highest error ratio of a clean window, in {@code [0,1)}; must stay below errorRatioThreshold. */
    public FlowControlConfigBuilder cleanErrorRatio(double v) {
        this.cleanErrorRatio = finiteIn("flow.cleanErrorRatio", v, "[0,1)", v >= 0 && v < 1);
        return this;
    }

    /** Attempts needed for a window decision, {@code >= 1}. */
    public FlowControlConfigBuilder minAttempts(int v) {
        this.minAttempts = atLeastOne("flow.minAttempts", v);
        return this;
    }

    /** Aggregation window, {@code > 0}. */
    public FlowControlConfigBuilder window(Duration v) {
        this.window = positive("flow.window", v);
        return this;
    }

    /** Least time between a rate change and the next raise, {@code >= 0}; defaults to window. */
    public FlowControlConfigBuilder upHoldoff(Duration v) {
        this.upHoldoff = FlowConfigChecks.notNegative("flow.upHoldoff", v);
        return this;
    }

    /** Consecutive bad windows in BACKOFF that suspend, {@code >= 1}. */
    public FlowControlConfigBuilder badWindowsToSuspend(int v) {
        this.badWindowsToSuspend = atLeastOne("flow.badWindowsToSuspend", v);
        return this;
    }

    /** Suspension after bad windows, {@code > 0}. */
    public FlowControlConfigBuilder suspendDuration(Duration v) {
        this.suspendDuration = positive("flow.suspendDuration", v);
        return this;
    }

    /** Cap of a doubling suspension, {@code > 0} and {@code >= suspendDuration}. */
    public FlowControlConfigBuilder maxSuspendDuration(Duration v) {
        this.maxSuspendDuration = positive("flow.maxSuspendDuration", v);
        return this;
    }

    /** Rate while PROBING, msg/s, {@code > 0} and {@code <= maxRate}. */
    public FlowControlConfigBuilder probeRate(double v) {
        this.probeRate = positive("flow.probeRate", v);
        return this;
    }

    /** Accepted probes that end PROBING, {@code >= 1}. */
    public FlowControlConfigBuilder probeSuccesses(int v) {
        this.probeSuccesses = atLeastOne("flow.probeSuccesses", v);
        return this;
    }

    /** Deferrals or refusals in a row that cut the rate at once, {@code >= 0} (0: only closed windows cut). */
    public FlowControlConfigBuilder reactAfterBadInRow(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("flow.reactAfterBadInRow must be >= 0, was " + v);
        }
        this.reactAfterBadInRow = v;
        return this;
    }

    /** The last attempts {@code reactErrorRatio} is taken over, in {@code [1,64]}. */
    public FlowControlConfigBuilder reactRecentAttempts(int v) {
        if (v < 1 || v > BurstWatch.CAPACITY) {
            throw new IllegalArgumentException("flow.reactRecentAttempts must be in [1," + BurstWatch.CAPACITY
                    + "], was " + v);
        }
        this.reactRecentAttempts = v;
        return this;
    }

    /** Error ratio over the last {@code reactRecentAttempts} that cuts at once, in {@code (0,1]}. */
    public FlowControlConfigBuilder reactErrorRatio(double v) {
        this.reactErrorRatio = finiteIn("flow.reactErrorRatio", v, "(0,1]", v > 0 && v <= 1);
        return this;
    }

    /** Share of the learned deferral onset a flow ramps to at once, in {@code (0,1]}. */
    public FlowControlConfigBuilder plateauShare(double v) {
        this.plateauShare = finiteIn("flow.plateauShare", v, "0 (off) or (0,1]", v >= 0 && v <= 1);
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
                maxSuspendDuration, probeRate, probeSuccesses, reactAfterBadInRow, reactRecentAttempts, reactErrorRatio,
                plateauShare);
    }
}
