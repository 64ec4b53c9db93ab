package io.sluice.claim;

import static io.sluice.SluiceConstants.SLUICE_ROW;

import io.sluice.message.ClaimedRow;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The last check before a message goes on the wire: is its row still ours? A claimed row can wait in
 * memory (send queue, throttle) and, on an overloaded or restarting instance, outlive its lease; another
 * claim may then have taken it. Sending it anyway would send it twice, so such a message is dropped
 * here without a result: the row belongs to whoever claimed it since (or is claimed again).
 */
public final class LeaseGuard {

    private final Clock clock;
    private final Duration margin;

    /** @param margin how long before the lease end a message is no longer sent (covers the SMTP transaction) */
    public LeaseGuard(Clock clock, Duration margin) {
        this.clock = clock;
        this.margin = margin;
    }

    public boolean expired(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        if (row == null || row.leaseUntil() == null) {
            return false;
        }
        Instant now = clock.instant();
        return !now.isBefore(row.leaseUntil().minus(margin));
    }
}
