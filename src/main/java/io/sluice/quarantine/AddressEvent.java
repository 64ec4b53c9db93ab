package io.sluice.quarantine;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to a recipient address and counts under Campaign's quarantine rules: a hard or soft
 * error (synchronous SMTP reply or asynchronous bounce), a complaint (feedback-loop report), or a delivery that
 * went through (which clears "With errors").
 *
 * @param address       the address as sent; compared lower-cased
 * @param kind          what happened
 * @param text          the error text kept as the address's last error (null for DELIVERED)
 * @param failureReason Campaign's failure reason code of the error (0 for DELIVERED)
 * @param at            when it happened
 */
public record AddressEvent(String address, Kind kind, String text, int failureReason, Instant at) {

    /** What happened to the address. */
    public enum Kind {
        /** Permanent error (5xx user unknown, hard bounce): quarantine at once. */
        HARD,
        /** Temporary error (4xx, soft bounce): counted at most once per interval; quarantine after N. */
        SOFT,
        /** Spam complaint (ARF abuse): Denylisted, and NmsRecipient.iBlackList = 1. */
        COMPLAINT,
        /** Accepted by the receiving server: "With errors" goes back to Valid. */
        DELIVERED
    }

    public AddressEvent {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }
}
