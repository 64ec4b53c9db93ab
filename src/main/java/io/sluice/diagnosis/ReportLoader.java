package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.diagnosis.DiagnosisReport.Event;
import io.sluice.diagnosis.DiagnosisReport.Reply;
import io.sluice.lifecycle.DeliveryState;
import io.sluice.result.DeliveryResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the report's statements ({@link ReportSql}) on one read-only connection and builds the report: a handful of
 * queries whatever the size of the delivery (the timelines read its attempted rows once, streamed).
 */
final class ReportLoader {

    /** Flow-control events read at most (a flapping domain over days must not fill the memory). */
    static final int MAX_EVENTS = 20_000;
    /** Rows per fetch while streaming the attempted rows. */
    static final int FETCH_SIZE = 5_000;
    /** Replies kept per domain, most frequent first. */
    static final int TOP_REPLIES = 5;

    private final ReportSql sql;

    ReportLoader(ReportSql sql) {
        this.sql = sql;
    }

    /** @return empty when the delivery does not exist */
    Optional<DiagnosisReport> load(DataSource dataSource, long deliveryId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            Map<String, Object> delivery = Map.of("deliveryId", deliveryId);
            String name;
            int state;
            Instant created;
            try (PreparedStatement ps = sql.delivery().prepare(c, delivery); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                name = rs.getString("internal_name");
                state = rs.getInt("delivery_state");
                created = instant(rs, "created_at");
            }
            Timeline.Period period = period(c, delivery, created, DeliveryState.of(state) == DeliveryState.FINISHED, now);
            Map<String, DomainTally> tallies = domainFigures(c, delivery);
            List<Event> senderEvents = new ArrayList<>();
            Map<String, List<Event>> events = new HashMap<>();
            List<Event> authenticationEvents = new ArrayList<>(); // of any site, also an MX rollup without rows of its name
            try (PreparedStatement ps = sql.flowEvents().prepare(c, Map.of("periodStart", time(period.from()),
                    "periodEnd", time(period.to())))) {
                ps.setMaxRows(MAX_EVENTS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Event e = new Event(instant(rs, "event_at"), rs.getString("domain_name"),
                                rs.getString("event_kind"), rs.getString("from_state"), rs.getString("to_state"),
                                dbl(rs, "from_rate"), dbl(rs, "to_rate"), rs.getString("cause"), instant(rs, "until_at"));
                        if (AuthenticationVerdict.isAuthentication(e)) {
                            authenticationEvents.add(e);
                        }
                        if (e.domain() == null) {
                            senderEvents.add(e);
                        } else if (tallies.containsKey(e.domain())) {
                            events.computeIfAbsent(e.domain(), k -> new ArrayList<>()).add(e);
                        }
                    }
                }
            }
            Map<String, Buckets> buckets = buckets(c, delivery, period);
            // every attempt's outcome, laid over the rows' last failures (last: a missing table ends no transaction)
            AttemptLogCounts attemptLog = AttemptLogCounts.load(c, sql.attemptLog(), deliveryId, period);
            Map<String, DomainLine> domains = new LinkedHashMap<>();
            tallies.values().stream().map(t -> attemptLog.over(t.line(events.getOrDefault(t.domain, List.of()), period)))
                    .sorted(Comparator.comparingLong(DomainLine::attempts).reversed().thenComparing(d -> d.domain))
                    .forEach(d -> domains.put(d.domain, d));
            Map<String, Buckets> bars = new HashMap<>();
            Duration width = period.bucketWidth();
            domains.keySet().forEach(d -> {
                Buckets b = attemptLog.bars(d, period.from(), width, buckets.get(d));
                if (b != null) {
                    bars.put(d, b);
                }
            });
            Duration senderProblem = Timeline.timeIn(senderEvents, HeldState.SENDER_PROBLEM, period.from(), period.to());
            FeedbackFigures feedback = FeedbackFigures.load(c, sql.feedback(), delivery, domains);
            return Optional.of(new DiagnosisReport(deliveryId, name, state, period, domains, senderEvents,
                    senderProblem, bars, now, authenticationEvents, feedback, !attemptLog.isEmpty()));
        }
    }

    private Timeline.Period period(Connection c, Map<String, Object> delivery, Instant created, boolean finished,
                                   Instant now) throws SQLException {
        Instant first = null;
        Instant last = null;
        try (PreparedStatement ps = sql.period().prepare(c, delivery); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                first = instant(rs, "first_attempt");
                last = later(instant(rs, "last_attempt"), instant(rs, "last_modified"));
            }
        }
        return Timeline.Period.of(created, first, last, finished, now);
    }

    /** Per domain: rows by status, failures by class, replies by count. */
    private Map<String, DomainTally> domainFigures(Connection c, Map<String, Object> delivery) throws SQLException {
        Map<String, DomainTally> tallies = new LinkedHashMap<>();
        Map<String, ErrorClass> classes = new HashMap<>();
        try (PreparedStatement ps = sql.domainFigures().prepare(c, delivery); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                DomainTally d = tallies.computeIfAbsent(rs.getString("domain_name"), DomainTally::new);
                int status = rs.getInt("row_status");
                String text = rs.getString("reply_text");
                long n = rs.getLong("row_count");
                d.retries += rs.getLong("retries"); // soft failures answered before Sluice ended a row count too
                SluiceEnding ending = status == DeliveryResult.STATUS_SENT || status == DeliveryResult.STATUS_PENDING
                        ? null : SluiceEnding.of(text);
                if (ending != null) {
                    d.endedBySluice.merge(ending, n, Long::sum);
                    continue;
                }
                switch (status) {
                    case DeliveryResult.STATUS_SENT -> d.sent += n;
                    case DeliveryResult.STATUS_FAILED -> d.failed += n;
                    case DeliveryResult.STATUS_PENDING -> d.pending += n;
                    default -> { }
                }
                if (FailureClasses.isQueued(text)) {
                    if (FailureClasses.isQueuedByFlowControl(text) && status == DeliveryResult.STATUS_PENDING) {
                        d.queuedByFlowControl += n;
                    }
                    continue;
                }
                ErrorClass ec = status == DeliveryResult.STATUS_SENT ? null
                        : FailureClasses.classify(text, rs.getInt("failure_reason"));
                if (ec != null) {
                    d.errors.merge(ec, n, Long::sum);
                    classes.put(text, ec);
                    d.replyCounts.merge(text, n, Long::sum);
                }
            }
        }
        tallies.values().forEach(d -> d.replyCounts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(TOP_REPLIES)
                .forEach(e -> d.replies.add(new Reply(e.getKey(), classes.get(e.getKey()), e.getValue()))));
        return tallies;
    }

    /** Per domain, the attempted rows sent and deferred/refused per time slice (by their last attempt). */
    private Map<String, Buckets> buckets(Connection c, Map<String, Object> delivery, Timeline.Period period)
            throws SQLException {
        Map<Long, Boolean> badMessage = new HashMap<>();
        try (PreparedStatement ps = sql.messages().prepare(c, delivery); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                badMessage.put(rs.getLong("msg_id"),
                        FailureClasses.isBad(rs.getString("reply_text"), rs.getInt("failure_reason")));
            }
        }
        Duration width = period.bucketWidth();
        Map<String, long[][]> counts = new HashMap<>();
        try (PreparedStatement ps = sql.attempts().prepare(c, delivery)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = period.bucket(instant(rs, "attempted_at"), width);
                    long[][] sentAndBad = counts.computeIfAbsent(rs.getString("domain_name"),
                            k -> new long[2][Timeline.BUCKETS]);
                    long msg = rs.getLong("msg_id");
                    boolean hasMessage = !rs.wasNull();
                    if (rs.getInt("row_status") == DeliveryResult.STATUS_SENT) {
                        sentAndBad[0][i]++;
                    } else if (hasMessage && badMessage.getOrDefault(msg, false)) {
                        sentAndBad[1][i]++;
                    }
                }
            }
        }
        Map<String, Buckets> buckets = new HashMap<>();
        counts.forEach((domain, n) -> buckets.put(domain, new Buckets(period.from(), width, n[0], n[1])));
        return buckets;
    }

    /** A domain's figures while the rows are counted. */
    private static final class DomainTally {
        final String domain;
        long sent;
        long failed;
        long pending;
        long queuedByFlowControl;
        long retries;
        final Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
        final Map<SluiceEnding, Long> endedBySluice = new EnumMap<>(SluiceEnding.class);
        final Map<String, Long> replyCounts = new HashMap<>();
        final List<Reply> replies = new ArrayList<>();

        DomainTally(String domain) {
            this.domain = domain;
        }

        DomainLine line(List<Event> events, Timeline.Period period) {
            Map<HeldState, Duration> heldBack = new EnumMap<>(HeldState.class);
            for (HeldState s : HeldState.values()) {
                Duration t = Timeline.timeIn(events, s.name(), period.from(), period.to());
                if (!t.isZero()) {
                    heldBack.put(s, t);
                }
            }
            return new DomainLine(domain, sent, failed, pending, queuedByFlowControl, retries, errors, replies,
                    heldBack, events, endedBySluice);
        }
    }

    private static OffsetDateTime time(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
