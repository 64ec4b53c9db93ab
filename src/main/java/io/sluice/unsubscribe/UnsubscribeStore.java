package io.sluice.unsubscribe;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Writes an unsubscribe: {@code NmsRecipient.iBlackList = 1} (the claim then fails the recipient's next messages
 * with reason 8, Denylisted address) and one {@code SluiceUnsubscribe} row per recipient and delivery, in one
 * transaction. Idempotent: a repeated request changes nothing and adds no row (two at once: the primary key keeps
 * one, the other is a no-op).
 */
public final class UnsubscribeStore {

    /** What the request did. */
    public enum Outcome { UNSUBSCRIBED, ALREADY_UNSUBSCRIBED, UNKNOWN_RECIPIENT }

    private static final String DENYLIST =
            "UPDATE NmsRecipient SET iBlackList = 1 WHERE iRecipientId = ? AND iBlackList <> 1";
    private static final String EXISTS = "SELECT 1 FROM NmsRecipient WHERE iRecipientId = ?";
    private static final String RECORD = "INSERT INTO SluiceUnsubscribe (iRecipientId, iDeliveryId, tsEvent) "
            + "SELECT ?, ?, ? WHERE NOT EXISTS "
            + "(SELECT 1 FROM SluiceUnsubscribe WHERE iRecipientId = ? AND iDeliveryId = ?)";
    /** SQLSTATE of a unique/primary key violation (PostgreSQL and H2 alike). */
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;

    public UnsubscribeStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public Outcome unsubscribe(UnsubscribeToken.Target target) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Outcome outcome = write(c, target);
                c.commit();
                return outcome;
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return Outcome.ALREADY_UNSUBSCRIBED; // the same request, at the same moment, from elsewhere
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private Outcome write(Connection c, UnsubscribeToken.Target target) throws SQLException {
        int changed;
        try (PreparedStatement ps = c.prepareStatement(DENYLIST)) {
            ps.setLong(1, target.recipientId());
            changed = ps.executeUpdate();
        }
        if (changed == 0) {
            try (PreparedStatement ps = c.prepareStatement(EXISTS)) {
                ps.setLong(1, target.recipientId());
                if (!ps.executeQuery().next()) {
                    return Outcome.UNKNOWN_RECIPIENT;
                }
            }
        }
        int recorded;
        try (PreparedStatement ps = c.prepareStatement(RECORD)) {
            ps.setLong(1, target.recipientId());
            ps.setLong(2, target.deliveryId());
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setLong(4, target.recipientId());
            ps.setLong(5, target.deliveryId());
            recorded = ps.executeUpdate();
        }
        return changed > 0 || recorded > 0 ? Outcome.UNSUBSCRIBED : Outcome.ALREADY_UNSUBSCRIBED;
    }
}
