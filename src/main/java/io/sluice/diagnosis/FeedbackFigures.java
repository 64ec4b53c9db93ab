package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A delivery's feedback per domain ({@link Feedback}), in the order of the report's domains, and why it is missing
 * when the database cannot tell: a database whose schema predates the bounce mailbox has no SluiceInboundMail, and
 * the rest of the report must still be shown.
 *
 * @param domains     per domain with any bounce, complaint or auto-reply, busiest domain first
 * @param unavailable null, or why the figures could not be read
 */
public record FeedbackFigures(Map<String, Feedback> domains, String unavailable) {

    /** SQLSTATE of a missing table: PostgreSQL 42P01, H2 42S02 / 42102. */
    private static final java.util.Set<String> UNDEFINED_TABLE = java.util.Set.of("42P01", "42S02", "42102");

    public FeedbackFigures {
        domains = Collections.unmodifiableMap(new LinkedHashMap<>(domains));
    }

    public static FeedbackFigures none() {
        return new FeedbackFigures(Map.of(), null);
    }

    public boolean isEmpty() {
        return domains.isEmpty();
    }

    /** Runs {@code report-feedback.sql} and joins its counts to the domains' accepted messages. */
    static FeedbackFigures load(Connection c, ReportSql.Statement sql, Map<String, Object> delivery,
                                Map<String, DomainLine> lines) throws SQLException {
        if (sql == null) {
            return new FeedbackFigures(Map.of(), "the SQL directory has no " + ReportSql.FEEDBACK_FILE
                    + " (a copy older than the bounce mailbox): copy it from this version's config/sql");
        }
        Map<String, long[]> counts = new HashMap<>(); // hard, soft, complaints, auto-replies
        try (PreparedStatement ps = sql.prepare(c, delivery); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long[] n = counts.computeIfAbsent(rs.getString("domain_name"), k -> new long[4]);
                int i = switch (rs.getString("mail_kind")) {
                    case "HARD" -> 0;
                    case "SOFT" -> 1;
                    case "COMPLAINT" -> 2;
                    default -> 3;
                };
                n[i] += rs.getLong("message_count");
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && UNDEFINED_TABLE.contains(e.getSQLState())) {
                return new FeedbackFigures(Map.of(), "the database has no SluiceInboundMail table yet: run"
                        + " `java -jar sluice.jar init-db` to add it");
            }
            throw e;
        }
        Map<String, Feedback> byDomain = new LinkedHashMap<>();
        lines.values().stream().filter(d -> counts.containsKey(d.domain)).forEach(d -> byDomain.put(d.domain,
                feedback(d.domain, d.sent, counts.remove(d.domain))));
        counts.forEach((domain, n) -> byDomain.put(domain, feedback(domain, 0, n)));
        return new FeedbackFigures(byDomain, null);
    }

    /** A hard bounce turned a Sent row into Failed: it was accepted all the same. */
    private static Feedback feedback(String domain, long sentNow, long[] n) {
        return new Feedback(domain, sentNow + n[0], n[0], n[1], n[2], n[3]);
    }
}
