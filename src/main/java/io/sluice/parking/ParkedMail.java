package io.sluice.parking;

import io.sluice.broadlog.BroadlogTexts;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DELIVERY_ID;
import static io.sluice.SluiceConstants.SLUICE_PARKED_DOMAIN;
import static io.sluice.SluiceConstants.SLUICE_PARKED_SITE;

import io.sluice.broker.EmbeddedBroker;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQQueue;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Set;
import java.util.function.Function;

/**
 * Parked mail of a domain: counted in the campaign database (cluster-wide truth), released through the
 * broker's management address (works for the embedded and an external Artemis alike).
 */
public final class ParkedMail {

    static final String COUNT = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
            + " WHERE b.sDomain = ? AND b.iStatus = 6 AND m.sText IN (?, ?) AND b.tsLeaseUntil > CURRENT_TIMESTAMP";

    /**
     * Rows parked in the database (park-in-database.sql: unclaimed, due later, "Messages queued ...") of a domain
     * become due now. Rows parked on the broker keep their claim token, so they are not touched here.
     */
    static final String RELEASE_IN_DATABASE = "UPDATE NmsBroadLogRcp SET tsNextTry = ?, tsLeaseUntil = NULL"
            + " WHERE sDomain = ? AND iStatus = 6 AND sClaimToken IS NULL AND tsNextTry > ?"
            + " AND iMsgId IN (SELECT m.iBroadLogMsgId FROM NmsBroadLogMsg m WHERE m.sText IN (?, ?))";

    private final DataSource dataSource;
    private final QueueConnectionFactory connectionFactory;

    private final Function<String, Set<String>> domainsOf;
    private final Clock clock;

    public ParkedMail(DataSource dataSource, QueueConnectionFactory connectionFactory) {
        this(dataSource, connectionFactory, Set::of, Clock.systemUTC());
    }

    /**
     * @param domainsOf the recipient domains counted under a flow-control key (a site's domains)
     * @param clock     "now" of the rows made due by {@link #release(String)} (the same clock as the claim's)
     */
    public ParkedMail(DataSource dataSource, QueueConnectionFactory connectionFactory,
                      Function<String, Set<String>> domainsOf, Clock clock) {
        this.dataSource = dataSource;
        this.connectionFactory = connectionFactory;
        this.domainsOf = domainsOf;
        this.clock = clock;
    }

    /**
     * Parked messages of a domain, or of every domain of a site (the broadlog is per domain): one constant query
     * per domain on one connection (no SQL built from values).
     */
    public long count(String key) {
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COUNT)) {
            for (String domain : domainsOf.apply(key)) {
                ps.setString(1, domain);
                ps.setString(2, BroadlogTexts.DYNAMIC_FLOW_CONTROL);
                ps.setString(3, BroadlogTexts.QUOTAS_MET);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total += rs.getLong(1);
                }
            }
            return total;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Delivers the scheduled (parked) messages of a domain or of a site (flow-control key) now. */
    public String release(String domain) {
        // a domain, a site name or an MX host set (hosts joined by commas); nothing that could break the filter
        if (!domain.matches("[a-z0-9._,-]+")) {
            throw new IllegalArgumentException("not a domain or site: " + domain);
        }
        String fromDatabase;
        try {
            fromDatabase = releaseInDatabase(domain) + " row(s) parked in the database made due";
        } catch (SQLException e) {
            fromDatabase = "could not release the rows parked in the database: " + e.getMessage();
        }
        try {
            Message reply = invoke("deliverScheduledMessages",
                    SLUICE_PARKED_DOMAIN + " = '" + domain + "' OR " + SLUICE_PARKED_SITE + " = '" + domain + "'");
            return (JMSManagementHelper.hasOperationSucceeded(reply)
                    ? "released the parked mail of " + domain
                    : "broker refused: " + JMSManagementHelper.getResult(reply)) + "; " + fromDatabase;
        } catch (Exception e) {
            return "could not release the parked mail of " + domain + " on the broker: " + e.getMessage() + "; "
                    + fromDatabase;
        }
    }

    private long releaseInDatabase(String key) throws SQLException {
        long released = 0;
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RELEASE_IN_DATABASE)) {
            for (String domain : domainsOf.apply(key)) {
                ps.setTimestamp(1, now);
                ps.setString(2, domain);
                ps.setTimestamp(3, now);
                ps.setString(4, BroadlogTexts.DYNAMIC_FLOW_CONTROL);
                ps.setString(5, BroadlogTexts.QUOTAS_MET);
                released += ps.executeUpdate();
            }
        }
        return released;
    }

    /**
     * Removes every parked message of a delivery from the broker (a stopped delivery's mail must never come back).
     * Returns how many were removed; throws when the broker cannot be asked (the lifecycle route tries again).
     */
    public long removeDelivery(long deliveryId) throws Exception {
        Message reply = invoke("removeMessages", SLUICE_PARKED_DELIVERY_ID + " = " + deliveryId);
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException("the broker refused to remove the parked mail of delivery " + deliveryId
                    + ": " + JMSManagementHelper.getResult(reply));
        }
        Object n = JMSManagementHelper.getResult(reply);
        return n instanceof Number number ? number.longValue() : -1;
    }

    /** One operation on the parked queue through the broker's management address (embedded or external alike). */
    private Message invoke(String operation, String filter) throws Exception {
        try (QueueConnection connection = connectionFactory.createQueueConnection()) {
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, new ActiveMQQueue("activemq.management"));
            connection.start();
            Message request = session.createMessage();
            JMSManagementHelper.putOperationInvocation(request, ResourceNames.QUEUE + EmbeddedBroker.PARKED_QUEUE,
                    operation, filter);
            return requestor.request(request);
        }
    }
}
