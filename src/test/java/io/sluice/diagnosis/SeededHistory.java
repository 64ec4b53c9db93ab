package io.sluice.diagnosis;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.testsupport.Campaign;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Writes a delivery's history straight into the tables (broadlog, messages, flow-control events). */
final class SeededHistory {

    final DataSource ds;
    final long delivery;
    final Instant base = Instant.now().minus(Duration.ofMinutes(30));

    SeededHistory(DataSource ds, int state) throws Exception {
        this.ds = ds;
        this.delivery = new Campaign(ds).delivery().state(state).create();
    }

    long msg(String text, int type, int reason) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO NmsBroadLogMsg (sText, mFirstText, iFailureType, iFailureReason) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, text);
            ps.setString(2, text);
            ps.setInt(3, type);
            ps.setInt(4, reason);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** n rows of a domain with a status, last message, retries, last attempt at base + minute. */
    SeededHistory rows(String domain, int status, Long msgId, int retry, int n, int minute) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO NmsBroadLogRcp (iDeliveryId, iStatus, iMsgId, sAddress, sDomain, iRetry, tsEvent,"
                        + " tsLeaseUntil) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setLong(1, delivery);
                ps.setInt(2, status);
                if (msgId == null) {
                    ps.setNull(3, java.sql.Types.BIGINT);
                } else {
                    ps.setLong(3, msgId);
                }
                ps.setString(4, "r" + i + "@" + domain);
                ps.setString(5, domain);
                ps.setInt(6, retry);
                ps.setObject(7, t(base.plus(Duration.ofMinutes(minute)).plusSeconds(i % 50)));
                ps.setObject(8, status == 6 && msgId != null ? t(Instant.now().plus(Duration.ofHours(1))) : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return this;
    }

    SeededHistory event(int minute, String domain, String kind, String from, String to, Double fromRate, Double toRate,
                        String cause, Duration until) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO SluiceFlowEvent (tsEvent, sInstance, sDomain, sKind, sFromState, sToState, dFromRate, dToRate,"
                        + " sCause, tsUntil) VALUES (?, 'test', ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Instant at = base.plus(Duration.ofMinutes(minute));
            ps.setObject(1, t(at));
            ps.setString(2, domain);
            ps.setString(3, kind);
            ps.setString(4, from);
            ps.setString(5, to);
            ps.setObject(6, fromRate);
            ps.setObject(7, toRate);
            ps.setString(8, cause);
            ps.setObject(9, until == null ? null : t(at.plus(until)));
            ps.executeUpdate();
        }
        return this;
    }

    static OffsetDateTime t(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    // the three histories ---------------------------------------------------------------------------------

    static final String TSS04 = "421 4.7.0 [TSS04] Messages from #xxx# temporarily deferred due to unexpected volume"
            + " or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes";
    static final String GMAIL_RATE = "421 4.7.28 Gmail has detected an unusual rate of unsolicited mail originating"
            + " from your IP address. To protect our users from spam, mail sent from your IP address has been"
            + " temporarily rate limited.";
    static final String USER_UNKNOWN = "550 5.1.1 The email account that you tried to reach does not exist.";

    /** Every domain served; one unknown user; gmail's rate raised. */
    static SeededHistory healthy(DataSource ds) throws Exception {
        SeededHistory h = new SeededHistory(ds, 95);
        long unknown = h.msg(USER_UNKNOWN, 2, 1);
        h.rows("gmail.com", 1, null, 0, 60, 1).rows("yahoo.com", 1, null, 0, 30, 2).rows("yahoo.com", 2, unknown, 0, 1, 2)
                .rows("outlook.com", 1, null, 0, 20, 3);
        h.event(2, "gmail.com", "RATE", "NORMAL", "NORMAL", 10.0, 11.0, "after a clean window", null);
        return h;
    }

    /** yahoo.com suspended on TSS04 and gmail.com rate-limited; outlook.com fine. */
    static SeededHistory domainSpecific(DataSource ds) throws Exception {
        SeededHistory h = new SeededHistory(ds, 55);
        long tss04 = h.msg(TSS04, 1, 20);
        long gmail = h.msg(GMAIL_RATE, 1, 20);
        long dfc = h.msg(BroadlogTexts.DYNAMIC_FLOW_CONTROL, 0, 0);
        h.rows("outlook.com", 1, null, 0, 80, 1)
                .rows("yahoo.com", 1, null, 0, 10, 1).rows("yahoo.com", 6, tss04, 1, 40, 5).rows("yahoo.com", 6, dfc, 1, 25, 6)
                .rows("gmail.com", 1, null, 0, 70, 2).rows("gmail.com", 6, gmail, 1, 30, 10);
        h.event(3, "yahoo.com", "RATE", "NORMAL", "NORMAL", 10.0, 11.0, "after a clean window", null)
                .event(5, "yahoo.com", "STATE", "NORMAL", "SUSPENDED", 11.0, 0.0,
                        "after rule yahoo-tss04 matched '" + TSS04 + "'", Duration.ofHours(2))
                .event(10, "gmail.com", "STATE", "NORMAL", "BACKOFF", 10.0, 0.17,
                        "after rule gmail-4.7.28 matched '" + GMAIL_RATE + "'", Duration.ofMinutes(30))
                .event(20, "gmail.com", "STATE", "BACKOFF", "NORMAL", 0.17, 0.17, "after a clean window", null);
        return h;
    }

    /**
     * Every domain's answers accepted; the rest Sluice ended itself: a.test's rows expired while queued, b.test's
     * added after the delivery finished, c.test's cancelled when it was stopped. Judged on these rows, two of the
     * three domains would look unreachable.
     */
    static SeededHistory endedBySluice(DataSource ds) throws Exception {
        SeededHistory h = new SeededHistory(ds, 95);
        long expired = h.msg(BroadlogTexts.EXPIRED, 1, 0);
        long late = h.msg(BroadlogTexts.ALREADY_FINISHED, 0, 0);
        long cancelled = h.msg(BroadlogTexts.CANCELLED, 0, 0);
        h.rows("a.test", 1, null, 0, 40, 1).rows("a.test", 2, expired, 0, 40, 20)
                .rows("b.test", 1, null, 0, 40, 1).rows("b.test", 2, late, 0, 40, 20)
                .rows("c.test", 1, null, 0, 80, 1).rows("c.test", 7, cancelled, 0, 20, 20);
        return h;
    }

    /** Connection refused and internal errors on every domain; the sender entered SENDER_PROBLEM. */
    static SeededHistory senderSide(DataSource ds) throws Exception {
        SeededHistory h = new SeededHistory(ds, 55);
        long refused = h.msg("Connection refused (smtp.relay.example:25)", 1, 3);
        long internal = h.msg("Internal error: could not get JDBC connection (HikariPool-1 - timeout)", 0, 25);
        for (String d : new String[]{"gmail.com", "yahoo.com", "outlook.com", "orange.fr"}) {
            h.rows(d, 1, null, 0, 5, 1).rows(d, 6, refused, 2, 20, 8).rows(d, 6, internal, 1, 10, 9);
        }
        h.event(8, null, "SENDER", "HEALTHY", "SENDER_PROBLEM", null, null,
                "4 of 4 active domains bad in the same window (connection failures)", null);
        return h;
    }
}
