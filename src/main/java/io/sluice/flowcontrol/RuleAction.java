package io.sluice.flowcontrol;

import java.util.Locale;

/** What a matching {@link ReplyRule} does to a flow, at once (no window needed). */
public enum RuleAction {
    /** Cut the rate by {@code backoffFactor} (at most once per window) and enter BACKOFF; a failed probe instead. */
    BACKOFF,
    /** Stop sending for the rule's duration (SUSPENDED, rate 0), then probe. */
    SUSPEND,
    /** Cap the rate at the rule's rate for the rule's duration (BACKOFF, "rate limited by provider"). */
    SET_RATE;

    /** Parses {@code backoff}, {@code suspend}, {@code set_rate} / {@code set-rate} / {@code setRate}. */
    public static RuleAction parse(String text) {
        String norm = text == null ? "" : text.trim().replace('-', '_');
        if (norm.equalsIgnoreCase("setrate")) {
            return SET_RATE;
        }
        try {
            return valueOf(norm.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of backoff, suspend, set_rate, was " + text);
        }
    }
}
