package io.sluice.parking;

import io.sluice.SluiceExchange;
import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.flowcontrol.camel.FlowGate;
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

    /** Campaign's status text of mail held back by dynamic flow control. */
    public static final String DYNAMIC_FLOW_CONTROL = "Messages queued (dynamic flow control)";
    /** Campaign's status text of mail held back only by a rate quota of a healthy domain. */
    public static final String QUOTAS_MET = "Messages queued (connection quotas met)";

    /** JMS property: the broadlog id of a parked message. */
    public static final String BROADLOG_ID = "broadlogId";
    /** JMS property: the claim token the row is leased under. */
    public static final String CLAIM_TOKEN = "claimToken";
    /** JMS property: the delivery id (filter for "remove this stopped delivery's mail"). */
    public static final String DELIVERY_ID = "sluiceDeliveryId";
    /** JMS property: the recipient domain (filter for "release this domain's mail"). */
    public static final String DOMAIN = "sluiceDomain";
    /** JMS property: the site (flow-control key) of the message, for releasing a recovered site's mail. */
    public static final String SITE = "sluiceSite";
    /** JMS property: the slot reserved for it (epoch millis), or absent. */
    public static final String SLOT = "sluiceSlot";
    /** JMS property: the schedule generation of that slot. */
    public static final String SLOT_GENERATION = "sluiceSlotGeneration";
    /**
     * Artemis' duplicate id: the broker stores one message per id (its id cache is persistent), so a send of the same
     * parking retried after a connection failure that did reach the broker is dropped instead of parked twice.
     */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis' scheduled delivery time (epoch millis). */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private final BroadlogMessageCatalog catalog;
    private final Clock clock;
    private final Duration lease;

    public Parking(BroadlogMessageCatalog catalog, Clock clock, Duration lease) {
        this.catalog = catalog;
        this.clock = clock;
        this.lease = lease;
    }

    /** Parameters of park.sql, as the body. */
    public void toUpdate(Exchange exchange) throws SQLException {
        ClaimedRow row = exchange.getProperty(SluiceExchange.ROW, ClaimedRow.class);
        Instant until = exchange.getProperty(FlowGate.PARK_UNTIL, Instant.class);
        boolean heldBack = exchange.getProperty(FlowGate.PARK_HELD_BACK, false, Boolean.class);
        String text = heldBack ? DYNAMIC_FLOW_CONTROL : QUOTAS_MET;
        Map<String, Object> p = new HashMap<>();
        p.put("broadlogId", row.broadlogId());
        p.put("claimToken", row.claimToken());
        // On the broker the row stays leased a lease past the park time (the message comes back, then is sent);
        // in the database it is unclaimed and simply due at the park time (park-in-database.sql).
        boolean inDatabase = exchange.getProperty(FlowGate.PARK_IN_DATABASE, false, Boolean.class);
        p.put("leaseUntil", Timestamp.from(inDatabase ? until : until.plus(lease)));
        p.put("msgId", catalog.idOf(new BroadlogMessage(text, text, FailureType.IGNORED, FailureReason.NOT_DEFINED)));
        p.put("domain", exchange.getMessage().getHeader(SluiceExchange.DOMAIN, String.class));
        p.put("now", Timestamp.from(clock.instant()));
        exchange.getMessage().setBody(p);
    }

    /** The broker message: ids only (the row is read again when due), scheduled for the park time. */
    public void toParkedMessage(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SluiceExchange.ROW, ClaimedRow.class);
        Instant until = exchange.getProperty(FlowGate.PARK_UNTIL, Instant.class);
        String domain = exchange.getMessage().getHeader(SluiceExchange.DOMAIN, String.class);
        String site = exchange.getMessage().getHeader(SluiceExchange.SITE, String.class);
        Long slot = exchange.getProperty(FlowGate.RESERVED_SLOT, Long.class);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(BROADLOG_ID, row.broadlogId());
        m.setHeader(CLAIM_TOKEN, row.claimToken());
        m.setHeader(DOMAIN, domain);
        m.setHeader(SITE, site == null ? domain : site);
        m.setHeader(DELIVERY_ID, row.deliveryId());
        if (slot != null) {
            m.setHeader(SLOT, slot);
            m.setHeader(SLOT_GENERATION, exchange.getProperty(FlowGate.RESERVED_GENERATION, 0L, Long.class));
        }
        m.setHeader(SCHEDULED_DELIVERY, until.toEpochMilli());
        // one id per parking (this exchange) of one claim of one row. Not the park time or slot: a message released
        // early (its domain recovered) whose slot is still ahead is parked again with the same time and slot, and the
        // broker dropped that second send as a duplicate (bench/load: the row then waited for its lease to end)
        m.setHeader(DUPLICATE_ID, "sluice-park-" + row.broadlogId() + "-" + row.claimToken() + "-"
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
        exchange.setProperty(FlowGate.PARK_IN_DATABASE, true);
        Message m = exchange.getMessage();
        m.setHeader(SluiceExchange.DOMAIN, m.getHeader(DOMAIN, String.class)); // toParkedMessage replaced the headers
        toUpdate(exchange);
    }

    /** A parked message is due: keep its reserved slot for the gate. */
    public void restore(Exchange exchange) {
        Long slot = exchange.getMessage().getHeader(SLOT, Long.class);
        if (slot != null) {
            exchange.setProperty(FlowGate.RESERVED_SLOT, slot);
            exchange.setProperty(FlowGate.RESERVED_GENERATION, exchange.getMessage().getHeader(SLOT_GENERATION, 0L, Long.class));
        }
    }
}
