package io.sluice.bounces;

import io.sluice.message.MessageIds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds the broadlog row an inbound mail is about: first by Sluice's VERP return path among the mail's envelope
 * addresses ({@link ReturnPath#verify}: an address whose id or MAC was changed names nothing), else by Sluice's
 * Message-ID ({@code <sluice.BROADLOG.DELIVERY.NONCE@domain>}) in the returned headers, In-Reply-To or References,
 * whose delivery id must be the row's own. A Message-ID of another sender, a forged VERP address or an id of no row
 * match nothing.
 */
public final class BounceMatcher {

    private static final String ROW = "SELECT b.iBroadLogId, b.iDeliveryId, b.iStatus,"
            + " COALESCE(NULLIF(TRIM(b.sAddress), ''), r.sEmail), b.sDomain FROM NmsBroadLogRcp b"
            + " LEFT JOIN NmsRecipient r ON r.iRecipientId = b.iRecipientId WHERE b.iBroadLogId = ?";

    private final ReturnPath returnPath;

    /** @param returnPath null when no return-path domain is configured (Message-IDs only) */
    public BounceMatcher(ReturnPath returnPath) {
        this.returnPath = returnPath;
    }

    public Optional<BroadlogRow> match(Connection c, InboundMail mail) throws SQLException {
        if (returnPath != null) {
            for (String address : mail.addresses()) {
                Optional<Long> id = returnPath.verify(address);
                if (id.isPresent()) {
                    Optional<BroadlogRow> row = row(c, id.get(), -1, "VERP");
                    if (row.isPresent()) {
                        return row;
                    }
                }
            }
        }
        for (String messageId : mail.originalIds()) {
            long broadlogId = MessageIds.broadlogIdOf(messageId);
            long deliveryId = MessageIds.deliveryIdOf(messageId);
            if (broadlogId >= 0 && deliveryId >= 0) {
                Optional<BroadlogRow> row = row(c, broadlogId, deliveryId, "Message-ID");
                if (row.isPresent()) {
                    return row;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<BroadlogRow> row(Connection c, long broadlogId, long deliveryId, String by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ROW)) {
            ps.setLong(1, broadlogId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || deliveryId >= 0 && rs.getLong(2) != deliveryId) {
                    return Optional.empty();
                }
                return Optional.of(new BroadlogRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), by));
            }
        }
    }
}
