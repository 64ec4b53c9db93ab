package io.sluice.progress;

import io.sluice.broadlog.BroadlogTexts;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a delivery's progress and its per-domain outcome from the campaign database. */
public final class DeliveryProgress {

    /** Counts of one delivery's broadlog rows by status, and its state. */
    public record Counts(long sent, long failed, long pending, int state) {
        public long total() {
            return sent + failed + pending;
        }

        public boolean finished() {
            return state == 95;
        }
    }

    /** Pending rows by why they wait. */
    public record Pending(long queuedByFlowControl, long quotasMet, long retryLater, long inFlight) {
    }

    public Pending pending(long deliveryId) throws SQLException {
        long dfc = 0;
        long quota = 0;
        long retry = 0;
        long flight = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(m.sText, ''), CASE WHEN b.tsLeaseUntil > CURRENT_TIMESTAMP THEN 1 ELSE 0 END, COUNT(*)"
                        + " FROM NmsBroadLogRcp b LEFT JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                        + " WHERE b.iDeliveryId = ? AND b.iStatus = 6 GROUP BY COALESCE(m.sText, ''),"
                        + " CASE WHEN b.tsLeaseUntil > CURRENT_TIMESTAMP THEN 1 ELSE 0 END")) {
            ps.setLong(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String text = rs.getString(1);
                    boolean leased = rs.getInt(2) == 1;
                    long n = rs.getLong(3);
                    if (text.equals(BroadlogTexts.DYNAMIC_FLOW_CONTROL) && leased) {
                        dfc += n;
                    } else if (text.equals(BroadlogTexts.QUOTAS_MET) && leased) {
                        quota += n;
                    } else if (leased) {
                        flight += n;
                    } else {
                        retry += n;
                    }
                }
            }
        }
        return new Pending(dfc, quota, retry, flight);
    }

    /** One line of the summary: a domain, a status and the message that explains it. */
    public record SummaryLine(String domain, int status, String text, long count) {
    }

    private final DataSource dataSource;

    public DeliveryProgress(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Counts counts(long deliveryId) throws SQLException {
        long sent = 0;
        long failed = 0;
        long pending = 0;
        int state;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT iStatus, COUNT(*) FROM NmsBroadLogRcp WHERE iDeliveryId = ? GROUP BY iStatus")) {
                ps.setLong(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        switch (rs.getInt(1)) {
                            case 1 -> sent = rs.getLong(2);
                            case 2 -> failed = rs.getLong(2);
                            case 6 -> pending = rs.getLong(2);
                            default -> { }
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT iState FROM NmsDelivery WHERE iDeliveryId = ?")) {
                ps.setLong(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    state = rs.next() ? rs.getInt(1) : -1;
                }
            }
        }
        return new Counts(sent, failed, pending, state);
    }

    public List<SummaryLine> summary(long deliveryId) throws SQLException {
        List<SummaryLine> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT COALESCE(b.sDomain, '(invalid address)') AS d, b.iStatus, COALESCE(m.sText, '') AS t, COUNT(*)"
                             + " FROM NmsBroadLogRcp b LEFT JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                             + " WHERE b.iDeliveryId = ? GROUP BY COALESCE(b.sDomain, '(invalid address)'), b.iStatus,"
                             + " COALESCE(m.sText, '') ORDER BY 1, 2, 4 DESC")) {
            ps.setLong(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new SummaryLine(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return lines;
    }
}
