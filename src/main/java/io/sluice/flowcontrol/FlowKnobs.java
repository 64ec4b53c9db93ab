package io.sluice.flowcontrol;

import java.time.Duration;

/**
 * The values of a {@link FlowControlConfig}, as a {@link FlowControlConfigBuilder} holds them before they are
 * checked together: one place for copying and equality. Not API.
 *
 * @param upHoldoff null: follows {@code window}
 */
record FlowKnobs(double initialRate, double minRate, double maxRate, double rampUpFactor, double backoffFactor,
                 double errorRatioThreshold, double cleanErrorRatio, int minAttempts, Duration window,
                 Duration upHoldoff, int badWindowsToSuspend, Duration suspendDuration, Duration maxSuspendDuration,
                 double probeRate, int probeSuccesses, int reactAfterBadInRow, int reactRecentAttempts,
                 double reactErrorRatio, double plateauShare) {
}
