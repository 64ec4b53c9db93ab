package io.sluice.flowcontrol;

import java.time.Instant;

/**
 * What a {@link DomainFlow} allows right now and why: an immutable view for routes, consoles and health checks.
 *
 * @param key              domain or MX site
 * @param state            current state
 * @param rate             msg/s allowed now (0 while SUSPENDED)
 * @param configuredMaxRate the flow's {@code flow.maxRate}
 * @param reason           the reply, rule, window or operator that caused the current state
 * @param since            when the current state was entered
 * @param until            end of the suspension (SUSPENDED) or of the rate cap in force (BACKOFF), else null
 * @param lastWindow       the last completed window fed to the flow
 * @param currentWindow    counts gathered towards the next decision: windows with fewer than
 *                         {@code minAttempts} carry over here (probe counts while PROBING)
 * @param learned          the limit learned so far (deferral onset, highest clean rate)
 */
public record FlowSnapshot(String key, DomainFlow.State state, double rate, double configuredMaxRate, String reason,
                           Instant since, Instant until, WindowCounts lastWindow, WindowCounts currentWindow,
                           LearnedLimit learned) {

    /** True in BACKOFF, SUSPENDED or PROBING: operators see "Messages queued (dynamic flow control)". */
    public boolean heldBack() {
        return state.isHeldBack();
    }

    /** One sentence, e.g. "yahoo.com is SUSPENDED (0.0 of max 50.0 msg/s) until ...: rule yahoo-tss04 matched ...". */
    public String describe() {
        return key + " is " + state + " (" + Texts.rate(rate) + " of max " + Texts.rate(configuredMaxRate)
                + " msg/s) since " + since + (until == null ? "" : " until " + until) + ": " + reason;
    }
}
