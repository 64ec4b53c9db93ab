package io.sluice.flowcontrol;

import java.time.Duration;

/**
 * How long a flow is suspended again after a failed probe: twice its last suspension (the first being
 * {@code suspendDuration}), at most {@code maxSuspendDuration}, never shorter than the last one (a suspend rule
 * may have been longer than the cap).
 *
 * @param first the suspension doubled when none is remembered ({@code suspendDuration})
 * @param max   the cap of a doubled suspension ({@code maxSuspendDuration})
 */
record SuspensionDoubling(Duration first, Duration max) {

    static SuspensionDoubling of(FlowControlConfig config) {
        return new SuspensionDoubling(config.getSuspendDuration(), config.getMaxSuspendDuration());
    }

    /**
     * The next suspension.
     *
     * @param last the last suspension, null when the flow has healed since (then {@code first} is doubled)
     */
    Duration after(Duration last) {
        Duration previous = last != null ? last : first;
        Duration doubled = previous.multipliedBy(2);
        Duration capped = doubled.compareTo(max) > 0 ? max : doubled;
        return capped.compareTo(previous) < 0 ? previous : capped;
    }
}
