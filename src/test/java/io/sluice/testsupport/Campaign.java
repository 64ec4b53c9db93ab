package io.sluice.testsupport;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Seeds and reads the campaign tables in tests, with plain JDBC (independent of the code under test). */
public final class Campaign {

    /** A broadlog row as the tests read it back, with its message row. */
    public record Row(long broadlogId, String address, int status, int retry, Instant nextTry, Instant event,
                      String domain, String msgText, Integer failureType, Integer failureReason) {
    }

    private final DataSource dataSource;

    public Campaign(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Delivery builder with the defaults tests use. */
    public final class DeliveryBuilder {
        private String subject = "Hello {{recipient.firstName}}";
        private String html = "<p>Hi {{recipient.firstName}} {{recipient.lastName}}</p>";
        private String text = "Hi {{recipient.firstName}} {{recipient.lastName}}";
        private String from = "news@sender.test";
        private int retryCount = 3;
        private int retryPeriodSec = 3600;
        private Instant validity = Instant.now().plus(Duration.ofDays(5));
        private int state = 55;

        public DeliveryBuilder subject(String s) { subject = s; return this; }
        public DeliveryBuilder html(String s) { html = s; return this; }
        public DeliveryBuilder text(String s) { text = s; return this; }
        public DeliveryBuilder from(String s) { from = s; return this; }
        public DeliveryBuilder retries(int count, int periodSec) { retryCount = count; retryPeriodSec = periodSec; return this; }
        public DeliveryBuilder validity(Instant v) { validity = v; return this; }
        public DeliveryBuilder state(int s) { state = s; return this; }

        public long create() throws Exception {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO NmsDelivery (sInternalName, iState, tsValidity, sMailFrom, sSubject, mHtml, mText,"
                            + " iRetryCount, iRetryPeriodSec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "DM" + System.nanoTime());
                ps.setInt(2, state);
                ps.setTimestamp(3, validity == null ? null : Timestamp.from(validity));
                ps.setString(4, from);
                ps.setString(5, subject);
                ps.setString(6, html);
                ps.setString(7, text);
                ps.setInt(8, retryCount);
                ps.setInt(9, retryPeriodSec);
                ps.executeUpdate();
                return key(ps);
            }
        }
    }

    public DeliveryBuilder delivery() {
        return new DeliveryBuilder();
    }

    public long recipient(String email, String firstName, String lastName) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO NmsRecipient (sEmail, sFirstName, sLastName) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, email);
            ps.setString(2, firstName);
            ps.setString(3, lastName);
            ps.executeUpdate();
            return key(ps);
        }
    }

    /** A recipient and its Pending broadlog row, due now; returns the broadlog id. */
    public long pending(long deliveryId, String email) throws Exception {
        return pending(deliveryId, recipient(email, "Ann", "Lee"), 0);
    }

    public long pending(long deliveryId, Long recipientId, int retry) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus, iRetry, tsNextTry)"
                        + " VALUES (?, ?, 6, ?, CURRENT_TIMESTAMP)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, deliveryId);
            if (recipientId == null) {
                ps.setNull(2, java.sql.Types.BIGINT);
            } else {
                ps.setLong(2, recipientId);
            }
            ps.setInt(3, retry);
            ps.executeUpdate();
            return key(ps);
        }
    }

    /** Many recipients in one transaction (fast seeding); returns their broadlog ids. */
    public List<Long> pendingMany(long deliveryId, List<String> emails) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement r = c.prepareStatement("INSERT INTO NmsRecipient (sEmail, sFirstName, sLastName)"
                    + " VALUES (?, 'F', 'L')", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement b = c.prepareStatement("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId,"
                         + " iStatus, tsNextTry) VALUES (?, ?, 6, CURRENT_TIMESTAMP)", Statement.RETURN_GENERATED_KEYS)) {
                for (String e : emails) {
                    r.setString(1, e);
                    r.executeUpdate();
                    b.setLong(1, deliveryId);
                    b.setLong(2, key(r));
                    b.executeUpdate();
                    ids.add(key(b));
                }
            }
            c.commit();
        }
        return ids;
    }

    public Row row(long broadlogId) throws Exception {
        return rows("b.iBroadLogId = " + broadlogId).get(broadlogId);
    }

    public Map<Long, Row> rowsOf(long deliveryId) throws Exception {
        return rows("b.iDeliveryId = " + deliveryId);
    }

    private Map<Long, Row> rows(String where) throws Exception {
        Map<Long, Row> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT b.iBroadLogId, b.sAddress, b.iStatus, b.iRetry, b.tsNextTry, b.tsEvent,"
                     + " b.sDomain, m.sText, m.iFailureType, m.iFailureReason FROM NmsBroadLogRcp b"
                     + " LEFT JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId WHERE " + where)) {
            while (rs.next()) {
                rows.put(rs.getLong(1), new Row(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), rs.getString(7), rs.getString(8),
                        (Integer) rs.getObject(9), (Integer) rs.getObject(10)));
            }
        }
        return rows;
    }

    public int deliveryState(long deliveryId) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT iState FROM NmsDelivery WHERE iDeliveryId = " + deliveryId)) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    public long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static long key(PreparedStatement ps) throws Exception {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }
}
