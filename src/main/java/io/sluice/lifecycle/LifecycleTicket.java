package io.sluice.lifecycle;

import static io.sluice.broadlog.BroadlogTexts.ALREADY_FINISHED;
import static io.sluice.broadlog.BroadlogTexts.CANCELLED;
import static io.sluice.broadlog.BroadlogTexts.EXPIRED;
import io.sluice.broadlog.BroadlogTexts;
import static io.sluice.SluiceConstants.SLUICE_LEASE_UNTIL;
import static io.sluice.SluiceConstants.SLUICE_NOW;

import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.result.BroadlogMessage;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import org.apache.camel.Message;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stamps the parameters of the lifecycle statements: "now", the end of a lease taken now (rows leased up to
 * then are in flight, later ones are parked), the start before which an empty delivery is finished, and the
 * broadlog message rows of cancelled, expired and too-late mail.
 */
public final class LifecycleTicket {

    /** Header: NmsBroadLogMsg id of {@link BroadlogTexts#CANCELLED}. */
    public static final String CANCELLED_MSG_ID = "cancelledMsgId";
    /** Header: NmsBroadLogMsg id of {@link BroadlogTexts#EXPIRED}. */
    public static final String EXPIRED_MSG_ID = "expiredMsgId";
    /** Header: NmsBroadLogMsg id of {@link BroadlogTexts#ALREADY_FINISHED}. */
    public static final String LATE_MSG_ID = "lateMsgId";
    /** Header: an empty delivery (no broadlog row at all) started before this is finished; now - the grace. */
    public static final String EMPTY_STARTED_BEFORE = "emptyStartedBefore";

    private final BroadlogMessageCatalog catalog;
    private final Clock clock;
    private final Duration lease;
    private final Duration emptyDeliveryGrace;

    /**
     * @param emptyDeliveryGrace how long a delivery started without any broadlog row waits for its rows before
     *                           it is finished (sluice.lifecycle.empty-delivery-grace)
     */
    public LifecycleTicket(BroadlogMessageCatalog catalog, Clock clock, Duration lease, Duration emptyDeliveryGrace) {
        if (emptyDeliveryGrace.isNegative()) {
            throw new IllegalArgumentException("sluice.lifecycle.empty-delivery-grace must not be negative, was "
                    + emptyDeliveryGrace);
        }
        this.catalog = catalog;
        this.clock = clock;
        this.lease = lease;
        this.emptyDeliveryGrace = emptyDeliveryGrace;
    }

    public void stamp(Message message) throws SQLException {
        Instant now = clock.instant();
        message.setHeader(SLUICE_NOW, Timestamp.from(now));
        message.setHeader(SLUICE_LEASE_UNTIL, Timestamp.from(now.plus(lease)));
        message.setHeader(EMPTY_STARTED_BEFORE, Timestamp.from(now.minus(emptyDeliveryGrace)));
        message.setHeader(CANCELLED_MSG_ID, cancelledMsgId());
        message.setHeader(EXPIRED_MSG_ID, catalog.idOf(new BroadlogMessage(EXPIRED, EXPIRED, FailureType.SOFT,
                FailureReason.NOT_DEFINED)));
        // ignored, not soft or hard: the address did nothing wrong, so it must not count towards quarantine
        message.setHeader(LATE_MSG_ID, catalog.idOf(new BroadlogMessage(ALREADY_FINISHED, ALREADY_FINISHED,
                FailureType.IGNORED, FailureReason.NOT_DEFINED)));
    }

    public long cancelledMsgId() throws SQLException {
        return catalog.idOf(new BroadlogMessage(CANCELLED, CANCELLED, FailureType.IGNORED, FailureReason.NOT_DEFINED));
    }
}
