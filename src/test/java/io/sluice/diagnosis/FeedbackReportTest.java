package io.sluice.diagnosis;

import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "After the 250": the bounce mailbox's rows (SluiceInboundMail) in the diagnosis report, per domain, with Gmail's and
 * Yahoo's complaint thresholds named in the verdict's reasons.
 */
class FeedbackReportTest {

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldCountBouncesAndComplaintsPerAcceptedMessageAndNameTheThresholds(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = new SeededHistory(db.dataSource(), 95);
            long userUnknown = h.msg(SeededHistory.USER_UNKNOWN, 2, 1);
            long rate = h.msg(SeededHistory.GMAIL_RATE, 1, 20);
            // gmail.com: 1,000 accepted (997 still Sent, 3 turned Failed by an asynchronous hard bounce), 4 complaints
            h.rows("gmail.com", 1, null, 0, 997, 1).rows("gmail.com", 2, userUnknown, 0, 3, 2)
                    .rows("gmail.com", 6, rate, 1, 300, 5)
                    .event(5, "gmail.com", "STATE", "NORMAL", "BACKOFF", 10.0, 1.0, "after rule gmail-4.7.28 matched '"
                            + SeededHistory.GMAIL_RATE + "'", Duration.ofMinutes(10));
            h.rows("yahoo.com", 1, null, 0, 500, 1).rows("outlook.com", 1, null, 0, 300, 1)
                    .rows("orange.fr", 1, null, 0, 200, 1);
            List<Long> gmailFailed = ids(db.dataSource(), h.delivery, "gmail.com", 2, 3);
            List<Long> gmailSent = ids(db.dataSource(), h.delivery, "gmail.com", 1, 4);
            for (long id : gmailFailed) {
                inbound(db.dataSource(), h.delivery, id, "gmail.com", "HARD", "5.1.1");
            }
            for (long id : gmailSent) {
                inbound(db.dataSource(), h.delivery, id, "gmail.com", "COMPLAINT", "abuse");
            }
            inbound(db.dataSource(), h.delivery, gmailSent.get(0), "gmail.com", "COMPLAINT", "abuse"); // twice: once
            inbound(db.dataSource(), h.delivery, ids(db.dataSource(), h.delivery, "yahoo.com", 1, 1).get(0),
                    "yahoo.com", "COMPLAINT", "abuse");
            for (long id : ids(db.dataSource(), h.delivery, "outlook.com", 1, 3)) {
                inbound(db.dataSource(), h.delivery, id, "outlook.com", id % 3 == 0 ? "AUTO_REPLY" : "SOFT", "4.2.2");
            }
            inbound(db.dataSource(), h.delivery, ids(db.dataSource(), h.delivery, "orange.fr", 1, 1).get(0),
                    "orange.fr", "COMPLAINT", "abuse");
            inbound(db.dataSource(), h.delivery + 1000, 1, "gmail.com", "COMPLAINT", "abuse"); // another delivery's

            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();

            Feedback gmail = r.feedback.domains().get("gmail.com");
            assertThat(gmail.accepted()).isEqualTo(1_000);
            assertThat(gmail.hardBounces()).isEqualTo(3);
            assertThat(gmail.complaints()).isEqualTo(4);
            assertThat(gmail.complaintRate()).isEqualTo(0.004);
            Feedback outlook = r.feedback.domains().get("outlook.com");
            assertThat(outlook.softBounces() + outlook.autoReplies()).isEqualTo(3);
            assertThat(outlook.complaints()).isZero();
            assertThat(r.reasons.get(0)).startsWith("gmail.com: complaints are 0.40 % of the messages it accepted"
                    + " (4 of 1000)").endsWith("the likely cause of the flow control at gmail.com");
            assertThat(r.reasons).anySatisfy(s -> assertThat(s).startsWith("orange.fr: complaints are 0.50 %")
                    .endsWith("expect orange.fr to throttle or block the sender"));
            assertThat(r.reasons.get(r.reasons.size() - 1)).startsWith("yahoo.com: complaints are 0.20 %")
                    .contains("0.1 %").endsWith("(warning)");
            assertThat(r.reasons).noneMatch(s -> s.startsWith("outlook.com: complaints"));

            String text = TextReport.render(r);
            assertThat(text).contains("After the 250")
                    .containsPattern("gmail\\.com\\s+1000\\s+3\\s+0\\s+0\\.30 %\\s+4\\s+0\\.40 %\\s+0");
            String html = HtmlReport.render(r);
            assertThat(html).contains("id=\"after-250\"").contains("<td class=\"cause\">0.40 %</td>")
                    .contains("<td class=\"warning\">0.20 %</td>");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldStillReportOnADatabaseWithoutTheBounceTableAndSayHowToAddIt(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind)) {
            SeededHistory h = SeededHistory.healthy(db.dataSource());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE SluiceInboundMail");
            }
            DiagnosisReport r = DiagnosisReport.load(db.dataSource(), h.delivery, Instant.now()).orElseThrow();

            assertThat(r.verdict).isEqualTo(DiagnosisReport.Verdict.HEALTHY);
            assertThat(TextReport.render(r)).contains("After the 250").contains("init-db");
            assertThat(HtmlReport.render(r)).contains("Unavailable: the database has no SluiceInboundMail table");
        }
    }

    private static List<Long> ids(DataSource ds, long delivery, String domain, int status, int n) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT iBroadLogId FROM"
                + " NmsBroadLogRcp WHERE iDeliveryId = ? AND sDomain = ? AND iStatus = ? ORDER BY iBroadLogId")) {
            ps.setLong(1, delivery);
            ps.setString(2, domain);
            ps.setInt(3, status);
            ps.setMaxRows(n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void inbound(DataSource ds, long delivery, long broadlog, String domain, String kind, String status)
            throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO SluiceInboundMail"
                + " (tsReceived, sKind, iBroadLogId, iDeliveryId, sDomain, sAddress, sStatus, sText) VALUES"
                + " (CURRENT_TIMESTAMP, ?, ?, ?, ?, ?, ?, 'seeded')")) {
            ps.setString(1, kind);
            ps.setLong(2, broadlog);
            ps.setLong(3, delivery);
            ps.setString(4, domain);
            ps.setString(5, "r" + broadlog + "@" + domain);
            ps.setString(6, status);
            ps.executeUpdate();
        }
    }
}
