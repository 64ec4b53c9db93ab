package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Reply;
import io.sluice.flowcontrol.Outcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every attempt of a delivery, per domain, from SluiceAttemptLog ({@code report-attempt-log.sql}; written by the
 * result writer, {@code io.sluice.broadlog.AttemptLogRows}): the outcomes as flow control counted them, the replies
 * over all attempts, and the sent and deferred/refused attempts per time slice. The broadlog keeps only each
 * message's last failure, so a message deferred and then sent counts there as sent only; these counts are laid over
 * the broadlog's figures ({@link #over(DomainLine)}), which stay the floor of each figure (attempts of an older
 * release, rows failed without an attempt, a batch whose log was not written). Without the table, or without rows
 * for the delivery, the report is the broadlog's ({@link #NONE}), so that an older database still reports.
 */
final class AttemptLogCounts {

    /** No attempt log: the report counts from the broadlog. */
    static final AttemptLogCounts NONE = new AttemptLogCounts(Map.of());

    /** SQLSTATE class of a statement the database cannot run as written (the table missing: 42P01, 42S02, 42102). */
    private static final String SYNTAX_OR_ACCESS_RULE = "42";

    /** One domain's attempts. */
    static final class DomainAttempts {
        final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        final Map<String, Long> replies = new HashMap<>();
        final Map<String, ErrorClass> replyClasses = new HashMap<>();
        /** Accepted, then deferred/refused attempts per time slice (as {@link FailureClasses#isBad}: not hard). */
        final long[][] bars = new long[2][Timeline.BUCKETS];

        long attempts() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum();
        }

        long count(Outcome o) {
            return outcomes.getOrDefault(o, 0L);
        }
    }

    private final Map<String, DomainAttempts> domains;

    private AttemptLogCounts(Map<String, DomainAttempts> domains) {
        this.domains = domains;
    }

    /**
     * Reads the delivery's attempt log (streamed; one row per domain, second, outcome and reply).
     *
     * @param statement {@code report-attempt-log.sql}, null when the SQL directory has none (an older copy)
     * @return {@link #NONE} without a statement, without the table, or without rows
     */
    static AttemptLogCounts load(Connection c, ReportSql.Statement statement, long deliveryId, Timeline.Period period)
            throws SQLException {
        if (statement == null) {
            return NONE;
        }
        Duration width = period.bucketWidth();
        Map<String, DomainAttempts> domains = new HashMap<>();
        try (PreparedStatement ps = statement.prepare(c, Map.of("deliveryId", deliveryId))) {
            ps.setFetchSize(ReportLoader.FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Outcome outcome = outcome(rs.getString("outcome"));
                    long n = rs.getLong("attempt_count");
                    if (outcome == null || n <= 0) {
                        continue;
                    }
                    OffsetDateTime at = rs.getObject("bucket_at", OffsetDateTime.class);
                    add(domains.computeIfAbsent(rs.getString("domain_name"), k -> new DomainAttempts()), outcome,
                            rs.getString("reply_text"), n, period.bucket(at.toInstant(), width));
                }
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(SYNTAX_OR_ACCESS_RULE)) {
                return NONE; // a database older than the table: reported from the broadlog
            }
            throw e;
        }
        return new AttemptLogCounts(Collections.unmodifiableMap(domains));
    }

    /** Builds the counts from given rows (tests, and a caller holding them already). */
    static AttemptLogCounts of(Map<String, DomainAttempts> domains) {
        return domains.isEmpty() ? NONE : new AttemptLogCounts(Map.copyOf(domains));
    }

    static void add(DomainAttempts d, Outcome outcome, String text, long n, int bucket) {
        d.outcomes.merge(outcome, n, Long::sum);
        ErrorClass c = errorClass(outcome);
        if (c != null && text != null && !text.isEmpty()) {
            d.replies.merge(text, n, Long::sum);
            d.replyClasses.putIfAbsent(text, c);
        }
        if (outcome == Outcome.ACCEPTED) {
            d.bars[0][bucket] += n;
        } else if (c != ErrorClass.HARD) {
            d.bars[1][bucket] += n;
        }
    }

    /** True when the delivery has logged attempts: the report counts every attempt. */
    boolean isEmpty() {
        return domains.isEmpty();
    }

    /** A domain's logged attempts; null when it has none. */
    DomainAttempts domain(String domain) {
        return domains.get(domain);
    }

    /**
     * The broadlog's line with the attempt log laid over it: attempts, errors by class and reply counts each the
     * larger of the two, the replies those of all attempts. The line itself when the domain has no logged attempt.
     */
    DomainLine over(DomainLine line) {
        DomainAttempts d = domains.get(line.domain);
        if (d == null) {
            return line;
        }
        Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
        errors.putAll(line.errors);
        for (Outcome o : Outcome.values()) {
            ErrorClass c = errorClass(o);
            if (c != null && d.count(o) > 0) {
                errors.merge(c, d.count(o), Math::max);
            }
        }
        Map<String, Long> counts = new HashMap<>(d.replies);
        Map<String, ErrorClass> classes = new HashMap<>(d.replyClasses);
        for (Reply r : line.replies) {
            counts.merge(r.text(), r.count(), Math::max);
            classes.putIfAbsent(r.text(), r.errorClass());
        }
        List<Reply> replies = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(ReportLoader.TOP_REPLIES).map(e -> new Reply(e.getKey(), classes.get(e.getKey()), e.getValue()))
                .toList();
        return new DomainLine(line.domain, line.sent, line.failed, line.pending, line.queuedByFlowControl,
                line.retries, errors, replies, line.heldBack, line.events, line.endedBySluice, d.attempts());
    }

    /** The domain's bars from its logged attempts; {@code fromBroadlog} (by each row's last attempt) without any. */
    Buckets bars(String domain, Instant start, Duration width, Buckets fromBroadlog) {
        DomainAttempts d = domains.get(domain);
        return d == null ? fromBroadlog : new Buckets(start, width, d.bars[0], d.bars[1]);
    }

    /** The report's class of a flow-control outcome; null for an accepted attempt. */
    static ErrorClass errorClass(Outcome o) {
        return switch (o) {
            case ACCEPTED -> null;
            case DEFERRAL -> ErrorClass.DEFERRAL;
            case CONNECTION_FAILURE -> ErrorClass.CONNECTION;
            case POLICY_FAILURE -> ErrorClass.POLICY;
            case HARD_FAILURE -> ErrorClass.HARD;
            case INTERNAL_FAILURE -> ErrorClass.INTERNAL;
        };
    }

    /** A stored outcome; null for a name this release does not know (written by a newer one). */
    private static Outcome outcome(String name) {
        try {
            return name == null ? null : Outcome.valueOf(name.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
