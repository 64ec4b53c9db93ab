package io.sluice.flowcontrol;

import java.time.Duration;

/**
 * The checks of {@link FlowControlConfig}: one value at a time (its setters) and the relations between keys
 * ({@link FlowControlConfigBuilder#build()}). Messages name the key as in {@code domains.yaml} and the bad value.
 */
final class FlowConfigChecks {

    private FlowConfigChecks() {
    }

    static double positive(String key, double v) {
        return finiteIn(key, v, "> 0", v > 0);
    }

    /** {@code v}, when finite and {@code inRange}; else "key must be in range, was v" (or "must be > 0"). */
    static double finiteIn(String key, double v, String range, boolean inRange) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw invalid(key, "must be a finite number", v);
        }
        if (!inRange) {
            throw invalid(key, range.startsWith(">") ? "must be " + range : "must be in " + range, v);
        }
        return v;
    }

    static int atLeastOne(String key, int v) {
        if (v < 1) {
            throw invalid(key, "must be >= 1", v);
        }
        return v;
    }

    static Duration positive(String key, Duration v) {
        if (v == null) {
            throw new IllegalArgumentException(key + " must not be null");
        }
        if (v.isNegative() || v.isZero()) {
            throw invalid(key, "must be > 0", v);
        }
        return v;
    }

    static Duration notNegative(String key, Duration v) {
        if (v == null) {
            throw new IllegalArgumentException(key + " must not be null");
        }
        if (v.isNegative()) {
            throw invalid(key, "must be >= 0", v);
        }
        return v;
    }

    /** The relations between keys, checked when a config is built. */
    static FlowControlConfig relations(FlowControlConfig c) {
        if (c.getMinRate() > c.getMaxRate()) {
            throw new IllegalArgumentException("flow.minRate must be <= flow.maxRate ("
                    + Texts.value(c.getMaxRate()) + "), was " + Texts.value(c.getMinRate()));
        }
        if (c.getInitialRate() < c.getMinRate() || c.getInitialRate() > c.getMaxRate()) {
            throw new IllegalArgumentException("flow.initialRate must be between flow.minRate ("
                    + Texts.value(c.getMinRate()) + ") and flow.maxRate (" + Texts.value(c.getMaxRate()) + "), was "
                    + Texts.value(c.getInitialRate()));
        }
        if (c.getProbeRate() > c.getMaxRate()) {
            throw new IllegalArgumentException("flow.probeRate must be <= flow.maxRate ("
                    + Texts.value(c.getMaxRate()) + "), was " + Texts.value(c.getProbeRate()));
        }
        if (c.getCleanErrorRatio() >= c.getErrorRatioThreshold()) {
            throw new IllegalArgumentException("flow.cleanErrorRatio must be < flow.errorRatioThreshold ("
                    + Texts.value(c.getErrorRatioThreshold()) + "), was " + Texts.value(c.getCleanErrorRatio()));
        }
        if (c.getSuspendDuration().compareTo(c.getMaxSuspendDuration()) > 0) {
            throw new IllegalArgumentException("flow.maxSuspendDuration must be >= flow.suspendDuration ("
                    + Texts.duration(c.getSuspendDuration()) + "), was " + Texts.duration(c.getMaxSuspendDuration()));
        }
        return c;
    }

    private static IllegalArgumentException invalid(String key, String rule, Object value) {
        return new IllegalArgumentException(key + " " + rule + ", was " + Texts.value(value));
    }
}
