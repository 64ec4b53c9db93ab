package io.sluice.parking;

import static io.sluice.broadlog.BroadlogTexts.DYNAMIC_FLOW_CONTROL;
import static io.sluice.broadlog.BroadlogTexts.QUOTAS_MET;
import static io.sluice.SluiceConstants.SLUICE_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARKED_BROADLOG_ID;
import static io.sluice.SluiceConstants.SLUICE_PARKED_CLAIM_TOKEN;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DELIVERY_ID;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DUPLICATE_ID;
import static io.sluice.SluiceConstants.SLUICE_PARKED_SCHEDULED_DELIVERY;
import static io.sluice.SluiceConstants.SLUICE_PARKED_SITE;
import static io.sluice.SluiceConstants.SLUICE_PARKED_SLOT;
import static io.sluice.SluiceConstants.SLUICE_PARKED_SLOT_GENERATION;
import static io.sluice.SluiceConstants.SLUICE_PARK_HELD_BACK;
import static io.sluice.SluiceConstants.SLUICE_PARK_IN_DATABASE;
import static io.sluice.SluiceConstants.SLUICE_PARK_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_GENERATION;
import static io.sluice.SluiceConstants.SLUICE_RESERVED_SLOT;
import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SITE;

import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.message.ClaimedRow;
import io.sluice.result.BroadlogMessage;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds the database update and the broker message of a parked message, and restores it when due. */
public final class Parking {

    private final BroadlogMessageCatalog catalog;
    private final Clock clock;
    private final Duration lease;

    public Parking(BroadlogMessageCatalog catalog, Clock clock, Duration lease) {
        this.catalog = catalog;
        this.clock = clock;
        this.lease = lease;
    }

    /** Predicate {@code parkInDatabase}: the message waits in the database (beyond the broker horizon, or fallback). */
    public static boolean inDatabase(Exchange exchange) {
        return exchange.getProperty(SLUICE_PARK_IN_DATABASE, false, Boolean.class);
    }

    /** Parameters of park.sql, as the body. */
    public void toUpdate(Exchange exchange) throws SQLException {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        Instant until = exchange.getProperty(SLUICE_PARK_UNTIL, Instant.class);
        boolean heldBack = exchange.getProperty(SLUICE_PARK_HELD_BACK, false, Boolean.class);
        String text = heldBack ? DYNAMIC_FLOW_CONTROL : QUOTAS_MET;
        Map<String, Object> p = new HashMap<>();
        p.put("broadlogId", row.broadlogId());
        p.put("claimToken", row.claimToken());
        // On the broker the row stays leased a lease past the park time (the message comes back, then is sent);
        // in the database it is unclaimed and simply due at the park time (park-in-database.sql).
        boolean inDatabase = exchange.getProperty(SLUICE_PARK_IN_DATABASE, false, Boolean.class);
        p.put("leaseUntil", Timestamp.from(inDatabase ? until : until.plus(lease)));
        p.put("msgId", catalog.idOf(new BroadlogMessage(text, text, FailureType.IGNORED, FailureReason.NOT_DEFINED)));
        p.put("domain", exchange.getMessage().getHeader(SLUICE_DOMAIN, String.class));
        p.put("now", Timestamp.from(clock.instant()));
        exchange.getMessage().setBody(p);
    }

    /** The broker message: ids only (the row is read again when due), scheduled for the park time. */
    public void toParkedMessage(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        Instant until = exchange.getProperty(SLUICE_PARK_UNTIL, Instant.class);
        String domain = exchange.getMessage().getHeader(SLUICE_DOMAIN, String.class);
        String site = exchange.getMessage().getHeader(SLUICE_SITE, String.class);
        Long slot = exchange.getProperty(SLUICE_RESERVED_SLOT, Long.class);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(SLUICE_PARKED_BROADLOG_ID, row.broadlogId());
        m.setHeader(SLUICE_PARKED_CLAIM_TOKEN, row.claimToken());
        m.setHeader(SLUICE_PARKED_DOMAIN, domain);
        m.setHeader(SLUICE_PARKED_SITE, site == null ? domain : site);
        m.setHeader(SLUICE_PARKED_DELIVERY_ID, row.deliveryId());
        if (slot != null) {
            m.setHeader(SLUICE_PARKED_SLOT, slot);
            m.setHeader(SLUICE_PARKED_SLOT_GENERATION, exchange.getProperty(SLUICE_RESERVED_GENERATION, 0L, Long.class));
        }
        m.setHeader(SLUICE_PARKED_SCHEDULED_DELIVERY, until.toEpochMilli());
        // one id per parking (this exchange) of one claim of one row. Not the park time or slot: a message released
        // early (its domain recovered) whose slot is still ahead is parked again with the same time and slot, and the
        // broker dropped that second send as a duplicate (bench/load: the row then waited for its lease to end)
        m.setHeader(SLUICE_PARKED_DUPLICATE_ID, "sluice-park-" + row.broadlogId() + "-" + row.claimToken() + "-"
                + exchange.getExchangeId());
        m.setBody("broadlog " + row.broadlogId() + " parked until " + until);
    }

    /**
     * The broker did not take the parked message (down, restarting, or the circuit breaker open after such
     * failures): parks the row in the database instead, due at the same time (park-in-database.sql's parameters, as
     * the body). Safe even when the broker did store the message before the failure was reported: the row gives its
     * claim up, so the broker's copy finds its claim token gone when it comes due and is dropped.
     */
    public void toDatabaseFallback(Exchange exchange) throws SQLException {
        exchange.setProperty(SLUICE_PARK_IN_DATABASE, true);
        Message m = exchange.getMessage();
        m.setHeader(SLUICE_DOMAIN, m.getHeader(SLUICE_PARKED_DOMAIN, String.class)); // toParkedMessage replaced the headers
        toUpdate(exchange);
    }

    /** A parked message is due: keep its reserved slot for the gate. */
    public void restore(Exchange exchange) {
        Long slot = exchange.getMessage().getHeader(SLUICE_PARKED_SLOT, Long.class);
        if (slot != null) {
            exchange.setProperty(SLUICE_RESERVED_SLOT, slot);
            exchange.setProperty(SLUICE_RESERVED_GENERATION, exchange.getMessage().getHeader(SLUICE_PARKED_SLOT_GENERATION, 0L, Long.class));
        }
    }
}
