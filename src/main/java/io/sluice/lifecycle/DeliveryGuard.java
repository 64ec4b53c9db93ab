package io.sluice.lifecycle;

import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_HOLD;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARK_HELD_BACK;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_ROW;

import io.sluice.message.ClaimedRow;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The lifecycle check of one message, made right before it is sent (next to the lease guard) and when parked
 * mail comes back from the broker: a message of a delivery that is paused, outside its sending window or no
 * longer running is not sent (its claim is released, the row stays Pending and is claimed again on resume);
 * one of a stopped delivery is cancelled. The verdict is left in {@link io.sluice.SluiceConstants#SLUICE_HOLD} for the
 * route to act on (predicates mustHold, mustCancel).
 */
public final class DeliveryGuard {


    private final DeliveryBoard board;
    private final LifecycleTicket ticket;
    private final Clock clock;
    private final Duration pausedRecheck;

    /** @param pausedRecheck how long parked mail of a paused delivery waits on the broker before it is looked at again */
    public DeliveryGuard(DeliveryBoard board, LifecycleTicket ticket, Clock clock, Duration pausedRecheck) {
        this.board = board;
        this.ticket = ticket;
        this.clock = clock;
        this.pausedRecheck = pausedRecheck;
    }

    /** Before sending: sets {@link io.sluice.SluiceConstants#SLUICE_HOLD} unless the delivery may send now. */
    public void check(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        mark(exchange, board.verdict(row.deliveryId()));
    }

    /**
     * A parked message is due (its row read back as the body): sets {@link io.sluice.SluiceConstants#SLUICE_HOLD} unless
     * its delivery may send.
     * When held, the exchange is made ready for {@code direct:park} (parked again for {@code pausedRecheck}).
     */
    @SuppressWarnings("unchecked")
    public void checkParked(Exchange exchange) {
        ClaimedRow row = ClaimedRow.fromColumns(exchange.getMessage().getBody(Map.class));
        DeliveryBoard.Verdict verdict = board.verdict(row.deliveryId());
        if (verdict == DeliveryBoard.Verdict.SEND) {
            return;
        }
        exchange.setProperty(SLUICE_ROW, row);
        exchange.setProperty(SLUICE_PARK_UNTIL, clock.instant().plus(pausedRecheck));
        exchange.setProperty(SLUICE_PARK_HELD_BACK, true);
        exchange.getMessage().setHeader(SLUICE_DOMAIN, exchange.getMessage().getHeader(SLUICE_PARKED_DOMAIN, String.class));
        mark(exchange, verdict);
    }

    /** Predicate {@code mustHold}: the message's delivery may not send it now (held or cancelled). */
    public static boolean mustHold(Exchange exchange) {
        return exchange.getProperty(SLUICE_HOLD) != null;
    }

    /** Predicate {@code mustCancel}: the message's delivery was stopped; its row is cancelled, not released. */
    public static boolean mustCancel(Exchange exchange) {
        return DeliveryBoard.Verdict.CANCEL.name().equals(exchange.getProperty(SLUICE_HOLD));
    }

    /** Parameters of release-claim.sql / cancel-claimed.sql for the held message, as the body. */
    public void toUpdate(Exchange exchange) throws SQLException {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        Map<String, Object> p = new HashMap<>();
        p.put("broadlogId", row.broadlogId());
        p.put("claimToken", row.claimToken());
        p.put("now", Timestamp.from(clock.instant()));
        p.put("msgId", ticket.cancelledMsgId());
        exchange.getMessage().setBody(p);
    }

    private static void mark(Exchange exchange, DeliveryBoard.Verdict verdict) {
        if (verdict != DeliveryBoard.Verdict.SEND) {
            exchange.setProperty(SLUICE_HOLD, verdict.name());
        }
    }
}
