package io.sluice.cluster;

import io.sluice.diagnosis.ReportSql.Statement;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.FlowEventListener;
import io.sluice.flowcontrol.FlowSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A site held back on one instance is held back on all of them ({@code SluiceSiteHold}). When flow control suspends a
 * site here (a reply rule such as Yahoo's TSS04, or an operator), the hold is written at once (monotone: a shorter hold
 * never shortens a longer one); every {@code sluice.cluster.hold-poll} (500 ms, route site-holds) each instance reads the
 * holds the others set and suspends the same sites for what is left of them, on the database's clock. An operator
 * ending a hold early (reset, probe now, set rate) on one instance ends it on the others.
 * <p>
 * A followed hold is marked in its cause ({@value #MARK}) so that it is not written back. On the embedded database
 * (one instance) nothing is shared: {@link #of} gives an instance that does nothing.
 */
public final class SharedHolds implements FlowEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(SharedHolds.class);
    /** Starts the operator's "why" of a hold followed from another instance (and so ends up in its cause). */
    static final String MARK = "cluster: ";

    private final DataSource dataSource;
    private final FlowControlRegistry registry;
    private final String instanceId;
    private final Clock clock;
    private final Executor writer;
    private final Map<String, Statement> sql;
    /** Per site, the hold version this instance has followed. */
    private final Map<String, Long> followed = new ConcurrentHashMap<>();
    private volatile boolean firstPoll = true;

    private SharedHolds(DataSource dataSource, FlowControlRegistry registry, String instanceId, Clock clock,
                        Executor writer, Map<String, Statement> sql) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.instanceId = instanceId;
        this.clock = clock;
        this.writer = writer;
        this.sql = sql;
    }

    /**
     * @param writer runs the writes off the thread that suspended the site (a route thread)
     * @param shared false on the embedded database: the instance holds nothing in common with anyone
     */
    public static SharedHolds of(DataSource dataSource, FlowControlRegistry registry, String instanceId, Clock clock,
                                 Executor writer, Path sqlDir, boolean shared) throws IOException {
        if (!shared) {
            return new SharedHolds(dataSource, registry, instanceId, clock, writer, Map.of());
        }
        io.sluice.diagnosis.ReportSql.Source files = file -> Files.readString(sqlDir.resolve(file));
        return new SharedHolds(dataSource, registry, instanceId, clock, writer, Map.of(
                "publish", Statement.read(files, "hold-publish.sql"),
                "release", Statement.read(files, "hold-release.sql"),
                "select", Statement.read(files, "select-holds.sql")));
    }

    @Override
    public void onEvent(FlowEvent event) {
        if (sql.isEmpty() || !(event instanceof FlowEvent.StateTransitioned t) || t.cause().contains(MARK)) {
            return;
        }
        if (t.toState() == DomainFlow.State.SUSPENDED && t.until() != null) {
            long millis = Duration.between(clock.instant(), t.until()).toMillis();
            if (millis > 0) {
                write("publish", Map.of("site", t.key(), "millis", millis, "reason", reason(t), "instanceId", instanceId));
            }
        } else if (t.fromState() == DomainFlow.State.SUSPENDED && t.toState() != DomainFlow.State.SUSPENDED
                && t.cause().startsWith("by operator")) {
            write("release", Map.of("site", t.key(), "reason", reason(t), "instanceId", instanceId));
        }
    }

    /**
     * Follows the holds the other instances set or ended since the last look (route site-holds).
     *
     * @return the sites whose hold this instance followed
     */
    public int poll() throws SQLException {
        if (sql.isEmpty()) {
            return 0;
        }
        int n = 0;
        boolean first = firstPoll;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = sql.get("select").prepare(c, Map.of("instanceId", instanceId));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String site = rs.getString(1);
                long version = rs.getLong(5);
                if (version <= followed.getOrDefault(site, 0L)) {
                    continue;
                }
                followed.put(site, version);
                if (follow(site, rs.getLong(2), rs.getString(3), rs.getString(4), first)) {
                    n++;
                }
            }
        }
        firstPoll = false;
        return n;
    }

    private boolean follow(String site, long leftMillis, String reason, String setBy, boolean first) {
        DomainFlow flow = registry.flow(site);
        FlowSnapshot now = flow.snapshot();
        if (leftMillis > 0) {
            Instant until = clock.instant().plusMillis(leftMillis);
            if (now.state() == DomainFlow.State.SUSPENDED && now.until() != null
                    && !now.until().isBefore(until.minusSeconds(1))) {
                return false; // held here already, at least as long
            }
            // whole seconds read better in the reason ("1h59m59s"); the end is the same to within a second
            Duration left = leftMillis >= 10_000 ? Duration.ofSeconds(leftMillis / 1000) : Duration.ofMillis(leftMillis);
            flow.suspend(left, MARK + "held by instance " + setBy + " (" + reason + ")");
            return true;
        }
        if (!first && now.state() == DomainFlow.State.SUSPENDED) { // a release; at start only holds in force count
            try {
                flow.probeNow(MARK + "released on instance " + setBy);
                return true;
            } catch (IllegalStateException e) {
                return false; // its suspension ended meanwhile
            }
        }
        return false;
    }

    private void write(String statement, Map<String, Object> values) {
        writer.execute(() -> {
            try (Connection c = dataSource.getConnection()) {
                sql.get(statement).update(c, values);
            } catch (SQLException e) {
                LOG.warn("The other instances do not see {}'s hold change ({}): each one follows its own replies until the"
                        + " database answers", values.get("site"), e.getMessage());
            }
        });
    }

    private static String reason(FlowEvent.StateTransitioned t) {
        String cause = t.cause();
        return cause.length() > 1000 ? cause.substring(0, 1000) : cause;
    }
}
