package io.sluice.dashboard;

import io.sluice.diagnosis.ReportSql.Statement;
import io.sluice.flowcontrol.FlowSnapshot;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A site's last minutes for the console: attempts per bucket (SluiceAttemptLog) and its rate and state changes
 * (SluiceFlowEvent), with the state in force now closing the last band. About 120 buckets whatever the span.
 */
final class SiteTimeline {

    static final int MAX_MINUTES = 24 * 60;
    private static final int BUCKETS = 120;

    private final DataSource dataSource;
    private final Statement events;
    private final Statement attempts;

    SiteTimeline(DataSource dataSource, Statement events, Statement attempts) {
        this.dataSource = dataSource;
        this.events = events;
        this.attempts = attempts;
    }

    Map<String, Object> read(FlowSnapshot now, Set<String> domains, int minutes, Instant to) throws SQLException {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("a timeline spans 1 to " + MAX_MINUTES + " minutes (asked: " + minutes + ")");
        }
        Instant from = to.minusSeconds(minutes * 60L);
        long bucketSeconds = Math.max(1, minutes * 60L / BUCKETS);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", now.key());
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("bucketSeconds", bucketSeconds);
        try (Connection c = dataSource.getConnection()) {
            m.put("points", points(c, domains, from, bucketSeconds));
            List<Map<String, Object>> rates = new ArrayList<>();
            List<Map<String, Object>> bands = new ArrayList<>();
            changes(c, now, from, to, rates, bands);
            m.put("rates", rates);
            m.put("bands", bands);
        }
        return m;
    }

    private List<Map<String, Object>> points(Connection c, Set<String> domains, Instant from, long bucketSeconds)
            throws SQLException {
        TreeMap<Long, long[]> buckets = new TreeMap<>(); // bucket start (epoch s) -> sent, deferred, failed
        for (String domain : domains) {
            try (PreparedStatement ps = attempts.prepare(c, Map.of("domain", domain, "since", Timestamp.from(from)));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long at = rs.getTimestamp("bucket_at").toInstant().getEpochSecond();
                    long[] counts = buckets.computeIfAbsent(at - Math.floorMod(at, bucketSeconds), k -> new long[3]);
                    counts[column(rs.getString("outcome"))] += rs.getLong("attempt_count");
                }
            }
        }
        List<Map<String, Object>> points = new ArrayList<>();
        buckets.forEach((at, counts) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("at", Instant.ofEpochSecond(at).toString());
            p.put("sent", counts[0]);
            p.put("deferred", counts[1]);
            p.put("failed", counts[2]);
            points.add(p);
        });
        return points;
    }

    /** Sent (accepted), deferred (4xx and connection failures: tried again later) or failed (refused, ours). */
    private static int column(String outcome) {
        return switch (outcome) {
            case "ACCEPTED" -> 0;
            case "DEFERRAL", "CONNECTION_FAILURE" -> 1;
            default -> 2;
        };
    }

    private void changes(Connection c, FlowSnapshot now, Instant from, Instant to, List<Map<String, Object>> rates,
                         List<Map<String, Object>> bands) throws SQLException {
        Instant bandStart = from;
        String bandState = null;
        String bandCause = "";
        try (PreparedStatement ps = events.prepare(c, Map.of("site", now.key(), "since", Timestamp.from(from)));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant at = rs.getTimestamp("event_at").toInstant();
                String fromState = rs.getString("from_state");
                String toState = rs.getString("to_state");
                double rate = rs.getDouble("to_rate");
                if (!rs.wasNull()) {
                    rates.add(Map.of("at", at.toString(), "rate", rate, "state", String.valueOf(toState)));
                }
                if (bandState == null) {
                    bandState = fromState;
                }
                if (toState != null && !toState.equals(bandState)) {
                    if (bandState != null) {
                        bands.add(band(bandStart, at, bandState, bandCause));
                    }
                    bandStart = at;
                    bandState = toState;
                    bandCause = String.valueOf(rs.getString("cause"));
                }
            }
        }
        String current = now.state().name();
        if (bandState != null && !bandState.equals(current)) {
            // a change not stored (another instance's, or the history off): the state in force began at its since
            Instant switchAt = now.since() != null && now.since().isAfter(bandStart) && now.since().isBefore(to)
                    ? now.since() : to;
            bands.add(band(bandStart, switchAt, bandState, bandCause));
            bandStart = switchAt;
        }
        if (bandStart.isBefore(to)) {
            bands.add(band(bandStart, to, current, String.valueOf(now.reason())));
        }
        rates.add(Map.of("at", to.toString(), "rate", now.rate(), "state", current));
    }

    private static Map<String, Object> band(Instant from, Instant to, String state, String cause) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("from", from.toString());
        b.put("to", to.toString());
        b.put("state", state);
        b.put("cause", cause);
        return b;
    }
}
