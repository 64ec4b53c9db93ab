package io.sluice.diagnosis;

import io.sluice.flowcontrol.Outcome;
import io.sluice.parking.Parking;

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
import java.util.regex.Pattern;

/**
 * Builds a delivery's diagnosis from the campaign database: NmsDelivery, NmsBroadLogRcp (one row per message,
 * holding its last failure), NmsBroadLogMsg and SluiceFlowEvent. Read-only; a handful of queries whatever the
 * size of the delivery (the chart reads the delivery's rows once, streamed). Render with {@link TextReport} or
 * {@link HtmlReport}.
 */
public final class DiagnosisReport {

    /** How one failure counts (the flow-control classes, from the stored reply text and failure reason). */
    public enum ErrorClass {
        DEFERRAL("deferral (4xx)"), CONNECTION("connection"), POLICY("policy block (5xx)"),
        HARD("hard (5xx recipient)"), INTERNAL("internal (ours)");

        public final String label;

        ErrorClass(String label) {
            this.label = label;
        }
    }

    public enum Verdict {
        SENDER_SIDE("SENDER-SIDE problem"), DOMAIN_SPECIFIC("DOMAIN-SPECIFIC deliverability problem"),
        HEALTHY("HEALTHY");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** A reply text and how many rows hold it as their last failure. */
    public record Reply(String text, ErrorClass errorClass, long count) {
    }

    /** A stored flow-control event. */
    public record Event(Instant at, String domain, String kind, String fromState, String toState, Double fromRate,
                        Double toRate, String cause, Instant until) {
        public String sentence() {
            if ("SENDER".equals(kind)) {
                return "sender " + fromState + " -> " + toState + ": " + cause;
            }
            String rates = fromRate == null ? "" : " rate " + rate(fromRate) + " -> " + rate(toRate) + " msg/s";
            return domain + " " + ("RATE".equals(kind) ? "in " + toState : fromState + " -> " + toState)
                    + (until == null ? "" : " until " + until) + rates + (cause == null ? "" : " " + cause);
        }
    }

    /** Per-domain figures. Attempts = sent + failed + retries so far (each row's iRetry soft failures). */
    public static final class DomainLine {
        public final String domain;
        public long sent;
        public long failed;
        public long pending;
        public long queuedByFlowControl;
        public long retries;
        public final Map<ErrorClass, Long> errors = new EnumMap<>(ErrorClass.class);
        public final List<Reply> replies = new ArrayList<>();
        public final Map<String, Duration> heldBack = new LinkedHashMap<>(); // BACKOFF / SUSPENDED / PROBING
        public final List<Event> events = new ArrayList<>();

        DomainLine(String domain) {
            this.domain = domain;
        }

        public long attempts() {
            return sent + failed + retries;
        }

        public long errors(ErrorClass c) {
            return errors.getOrDefault(c, 0L);
        }

        /** Deferrals, connection failures and policy blocks: what flow control holds against a domain. */
        public long bad() {
            return errors(ErrorClass.DEFERRAL) + errors(ErrorClass.CONNECTION) + errors(ErrorClass.POLICY);
        }

        public Duration held(String state) {
            return heldBack.getOrDefault(state, Duration.ZERO);
        }

        public boolean wasHeldBack() {
            return heldBack.values().stream().anyMatch(d -> !d.isZero())
                    || events.stream().anyMatch(e -> "STATE".equals(e.kind) && HELD.contains(e.toState));
        }
    }

    /** Sent and deferred/failed rows per time bucket, by the time of their last attempt (for the chart). */
    public record Buckets(Instant start, Duration width, long[] sent, long[] bad) {
    }

    static final List<String> HELD = List.of("BACKOFF", "SUSPENDED", "PROBING");
    private static final Pattern SMTP = Pattern.compile("^\\s*([2-5])\\d\\d\\b");
    static final int BUCKETS = 40;
    static final int MAX_EVENTS = 20_000;

    public final long deliveryId;
    public final String internalName;
    public final int state;
    public final Instant from;
    public final Instant to;
    public final Map<String, DomainLine> domains;
    public final List<Event> senderEvents;
    public final Duration senderProblem;
    public final Map<String, Buckets> buckets;
    public final Verdict verdict;
    public final List<String> reasons;

    private DiagnosisReport(long deliveryId, String internalName, int state, Instant from, Instant to,
                            Map<String, DomainLine> domains, List<Event> senderEvents, Duration senderProblem,
                            Map<String, Buckets> buckets) {
        this.deliveryId = deliveryId;
        this.internalName = internalName;
        this.state = state;
        this.from = from;
        this.to = to;
        this.domains = domains;
        this.senderEvents = senderEvents;
        this.senderProblem = senderProblem;
        this.buckets = buckets;
        List<String> why = new ArrayList<>();
        this.verdict = judge(why);
        this.reasons = why;
    }

    public String stateLabel() {
        return switch (state) {
            case 51 -> "Start pending (51)";
            case 55 -> "In progress (55)";
            case 62 -> "In progress (62)";
            case 95 -> "Finished (95)";
            default -> "state " + state;
        };
    }

    public long total(java.util.function.ToLongFunction<DomainLine> f) {
        return domains.values().stream().mapToLong(f).sum();
    }

    /**
     * Sender-side: the sender entered SENDER_PROBLEM during the delivery, or internal failures are >= 30 % of
     * the attempts, or at least half of the active domains (and at least 2) have >= 30 % connection or internal
     * failures. Domain-specific: otherwise, the domains held back by flow control or with >= 20 % deferrals,
     * connection failures and policy blocks. Healthy: neither.
     */
    private Verdict judge(List<String> why) {
        List<DomainLine> active = domains.values().stream().filter(d -> d.attempts() > 0).toList();
        long attempts = active.stream().mapToLong(DomainLine::attempts).sum();
        long internal = active.stream().mapToLong(d -> d.errors(ErrorClass.INTERNAL)).sum();
        long senderProblems = senderEvents.stream().filter(e -> "SENDER_PROBLEM".equals(e.toState)).count();
        List<DomainLine> ownSide = active.stream().filter(d -> d.errors(ErrorClass.CONNECTION)
                + d.errors(ErrorClass.INTERNAL) >= 0.3 * d.attempts()).toList();
        if (senderProblems > 0) {
            why.add("the sender entered SENDER_PROBLEM " + senderProblems + " time(s) (" + human(senderProblem)
                    + " in all): " + senderEvents.stream().filter(e -> "SENDER_PROBLEM".equals(e.toState))
                    .map(Event::cause).findFirst().orElse(""));
        }
        if (attempts > 0 && internal >= 0.3 * attempts) {
            why.add(internal + " of " + attempts + " attempts (" + pct(internal, attempts)
                    + ") failed inside Sluice (internal errors: database, broker, template, relay)");
        }
        if (active.size() >= 2 && ownSide.size() * 2 >= active.size()) {
            why.add(ownSide.size() + " of " + active.size() + " domains have 30 % or more connection or internal"
                    + " failures: " + names(ownSide, 8));
        }
        if (!why.isEmpty()) {
            why.add("look at Sluice itself and its network (database, broker, relay, DNS, firewall), not the receivers");
            return Verdict.SENDER_SIDE;
        }
        List<DomainLine> troubled = active.stream()
                .filter(d -> d.wasHeldBack() || (d.bad() > 0 && d.bad() >= 0.2 * d.attempts()))
                .sorted(Comparator.comparingLong(DomainLine::bad).reversed()).toList();
        // a domain held back without attempts in this delivery still counts if it held mail back
        for (DomainLine d : domains.values()) {
            if (d.attempts() == 0 && d.wasHeldBack() && !troubled.contains(d)) {
                troubled = new ArrayList<>(troubled);
                troubled.add(d);
            }
        }
        if (!troubled.isEmpty()) {
            for (DomainLine d : troubled) {
                StringBuilder sb = new StringBuilder(d.domain).append(": ").append(d.bad()).append(" of ")
                        .append(d.attempts()).append(" attempts deferred/refused");
                for (String s : HELD) {
                    if (!d.held(s).isZero()) {
                        sb.append(", ").append(human(d.held(s))).append(" in ").append(s);
                    }
                }
                d.replies.stream().filter(r -> r.errorClass != ErrorClass.HARD).limit(2).forEach(r ->
                        sb.append("; \"").append(r.text).append("\" x").append(r.count));
                if (d.replies.isEmpty()) {
                    d.events.stream().filter(e -> e.cause != null).reduce((a, b) -> b)
                            .ifPresent(e -> sb.append("; ").append(e.cause));
                }
                why.add(sb.toString());
            }
            why.add(troubled.size() + " of " + Math.max(active.size(), troubled.size()) + " domains affected: the"
                    + " receivers' side (reputation, volume, their limits); the other domains were served normally");
            return Verdict.DOMAIN_SPECIFIC;
        }
        why.add(active.isEmpty() ? "nothing attempted yet"
                : "no sender problem, no domain held back, errors under 20 % everywhere");
        return Verdict.HEALTHY;
    }

    // ------------------------------------------------------------------------------------------------ loading

    /** @return empty when the delivery does not exist */
    public static Optional<DiagnosisReport> load(DataSource dataSource, long deliveryId, Instant now)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            String name;
            int state;
            Instant created;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sInternalName, iState, tsCreated FROM NmsDelivery WHERE iDeliveryId = ?")) {
                ps.setLong(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    name = rs.getString(1);
                    state = rs.getInt(2);
                    created = instant(rs, 3);
                }
            }
            Instant first = null;
            Instant last = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(tsEvent), MAX(tsEvent), MAX(tsLastModified)"
                    + " FROM NmsBroadLogRcp WHERE iDeliveryId = ?")) {
                ps.setLong(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        first = instant(rs, 1);
                        last = max(instant(rs, 2), instant(rs, 3));
                    }
                }
            }
            Instant from = first != null ? (created != null && created.isBefore(first) ? created : first)
                    : (created != null ? created : now.minus(Duration.ofHours(1)));
            Instant to = state == 95 && last != null ? last : now;
            if (!to.isAfter(from)) {
                to = from.plusSeconds(1);
            }

            Map<String, DomainLine> domains = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(b.sDomain, '(invalid address)'), b.iStatus, COALESCE(m.sText, ''),"
                            + " COALESCE(m.iFailureReason, 0), COUNT(*), COALESCE(SUM(b.iRetry), 0)"
                            + " FROM NmsBroadLogRcp b LEFT JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                            + " WHERE b.iDeliveryId = ? GROUP BY COALESCE(b.sDomain, '(invalid address)'), b.iStatus,"
                            + " COALESCE(m.sText, ''), COALESCE(m.iFailureReason, 0)")) {
                ps.setLong(1, deliveryId);
                Map<String, Map<String, long[]>> replies = new HashMap<>();
                Map<String, ErrorClass> classes = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        DomainLine d = domains.computeIfAbsent(rs.getString(1), DomainLine::new);
                        int status = rs.getInt(2);
                        String text = rs.getString(3);
                        long n = rs.getLong(5);
                        d.retries += rs.getLong(6);
                        switch (status) {
                            case 1 -> d.sent += n;
                            case 2 -> d.failed += n;
                            case 6 -> d.pending += n;
                            default -> { }
                        }
                        if (isQueued(text)) {
                            if (text.equals(Parking.DYNAMIC_FLOW_CONTROL) && status == 6) {
                                d.queuedByFlowControl += n;
                            }
                            continue;
                        }
                        ErrorClass ec = status == 1 ? null : classify(text, rs.getInt(4));
                        if (ec != null) {
                            d.errors.merge(ec, n, Long::sum);
                            classes.put(text, ec);
                            replies.computeIfAbsent(d.domain, k -> new HashMap<>())
                                    .computeIfAbsent(text, k -> new long[1])[0] += n;
                        }
                    }
                }
                replies.forEach((domain, texts) -> texts.entrySet().stream()
                        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(5)
                        .forEach(e -> domains.get(domain).replies.add(
                                new Reply(e.getKey(), classes.get(e.getKey()), e.getValue()[0]))));
            }

            List<Event> senderEvents = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tsEvent, sDomain, sKind, sFromState, sToState,"
                    + " dFromRate, dToRate, sCause, tsUntil FROM SluiceFlowEvent WHERE tsEvent >= ? AND tsEvent <= ?"
                    + " ORDER BY tsEvent, iFlowEventId")) {
                ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                ps.setMaxRows(MAX_EVENTS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Event e = new Event(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), dbl(rs, 6), dbl(rs, 7), rs.getString(8), instant(rs, 9));
                        if (e.domain == null) {
                            senderEvents.add(e);
                        } else if (domains.containsKey(e.domain)) {
                            domains.get(e.domain).events.add(e);
                        }
                    }
                }
            }
            for (DomainLine d : domains.values()) {
                for (String s : HELD) {
                    Duration t = timeIn(d.events, s, from, to);
                    if (!t.isZero()) {
                        d.heldBack.put(s, t);
                    }
                }
            }
            Duration senderProblem = timeIn(senderEvents, "SENDER_PROBLEM", from, to);
            Map<String, Buckets> buckets = buckets(c, deliveryId, from, to);
            // busiest first
            Map<String, DomainLine> sorted = new LinkedHashMap<>();
            domains.values().stream().sorted(Comparator.comparingLong(DomainLine::attempts).reversed()
                            .thenComparing(d -> d.domain)).forEach(d -> sorted.put(d.domain, d));
            return Optional.of(new DiagnosisReport(deliveryId, name, state, from, to, sorted, senderEvents,
                    senderProblem, buckets));
        }
    }

    private static Map<String, Buckets> buckets(Connection c, long deliveryId, Instant from, Instant to)
            throws SQLException {
        Duration width = Duration.ofMillis(Math.max(1000, Duration.between(from, to).toMillis() / BUCKETS + 1));
        Map<Long, Boolean> badMessage = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT iBroadLogMsgId, sText, iFailureReason FROM NmsBroadLogMsg"
                + " WHERE iBroadLogMsgId IN (SELECT DISTINCT iMsgId FROM NmsBroadLogRcp WHERE iDeliveryId = ?)")) {
            ps.setLong(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String text = rs.getString(2);
                    ErrorClass ec = isQueued(text) ? null : classify(text, rs.getInt(3));
                    badMessage.put(rs.getLong(1), ec != null && ec != ErrorClass.HARD);
                }
            }
        }
        Map<String, Buckets> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(sDomain, '(invalid address)'), tsEvent, iStatus,"
                + " iMsgId FROM NmsBroadLogRcp WHERE iDeliveryId = ? AND tsEvent IS NOT NULL")) {
            ps.setLong(1, deliveryId);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = instant(rs, 2);
                    int i = (int) Math.min(BUCKETS - 1, Math.max(0, Duration.between(from, at).toMillis() / width.toMillis()));
                    Buckets b = out.computeIfAbsent(rs.getString(1),
                            k -> new Buckets(from, width, new long[BUCKETS], new long[BUCKETS]));
                    long msg = rs.getLong(4);
                    if (rs.getInt(3) == 1) {
                        b.sent()[i]++;
                    } else if (!rs.wasNull() && badMessage.getOrDefault(msg, false)) {
                        b.bad()[i]++;
                    }
                }
            }
        }
        return out;
    }

    /** Time spent in {@code state} between from and to, walking the events (state before the first = its from). */
    static Duration timeIn(List<Event> events, String state, Instant from, Instant to) {
        Duration total = Duration.ZERO;
        String current = null;
        Instant since = from;
        for (Event e : events) {
            if ("RATE".equals(e.kind)) {
                continue;
            }
            if (current == null) {
                current = e.fromState;
            }
            if (state.equals(current)) {
                total = total.plus(Duration.between(since, e.at));
            }
            current = e.toState;
            since = e.at;
        }
        if (state.equals(current) && to.isAfter(since)) {
            total = total.plus(Duration.between(since, to));
        }
        return total;
    }

    static boolean isQueued(String text) {
        return text.isEmpty() || text.equals(Parking.DYNAMIC_FLOW_CONTROL) || text.equals(Parking.QUOTAS_MET);
    }

    /** From a stored reply text and Campaign failure reason (25 = error ignored: ours; 3 unreachable: network). */
    public static ErrorClass classify(String text, int failureReason) {
        if (SMTP.matcher(text).find()) {
            try {
                return switch (Outcome.ofReply(text)) {
                    case ACCEPTED -> null;
                    case DEFERRAL -> ErrorClass.DEFERRAL;
                    case POLICY_FAILURE -> ErrorClass.POLICY;
                    default -> ErrorClass.HARD;
                };
            } catch (IllegalArgumentException e) {
                return ErrorClass.HARD;
            }
        }
        return failureReason == 25 ? ErrorClass.INTERNAL : ErrorClass.CONNECTION;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Instant instant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Double dbl(ResultSet rs, int i) throws SQLException {
        double v = rs.getDouble(i);
        return rs.wasNull() ? null : v;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    static String names(List<DomainLine> ds, int max) {
        String s = String.join(", ", ds.stream().limit(max).map(d -> d.domain).toList());
        return ds.size() > max ? s + " and " + (ds.size() - max) + " more" : s;
    }

    public static String pct(long n, long of) {
        return of == 0 ? "0%" : Math.round(100.0 * n / of) + "%";
    }

    public static String rate(Double r) {
        if (r == null) {
            return "?";
        }
        return r == Math.rint(r) ? String.format(java.util.Locale.ROOT, "%.1f", r) : String.format(java.util.Locale.ROOT, "%.2f", r);
    }

    /** 1h02m, 3m07s, 12s. */
    public static String human(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
