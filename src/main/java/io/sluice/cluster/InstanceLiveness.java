package io.sluice.cluster;

import io.sluice.diagnosis.ReportSql.Statement;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This instance's place among the instances sharing the database ({@code SluiceInstance}).
 * <ul>
 *   <li>At start, before any route runs: the rows an earlier run under the same {@code sluice.instance-id} left
 *   claimed are given back at once (a restart after kill -9 no longer waits for their lease to end), and the instance
 *   registers.</li>
 *   <li>Every {@code sluice.cluster.heartbeat} ({@link #beat()}, route instance-heartbeat): its heartbeat, then the
 *   other instances silent for {@code dead-after} lose their claims (claimed again by whoever polls next) and their
 *   row. All times are the database's, so instances with different JVM clocks agree.</li>
 *   <li>At a clean stop, after the routes stopped (nothing is in SMTP any more): its claims are given back and its row
 *   removed, so the rest goes on without waiting.</li>
 * </ul>
 * Duplicates stay bounded by what was in SMTP when an instance died: a row is given back only once its instance has
 * been silent for dead-after, far longer than an SMTP transaction. An instance that was only stalled that long (a
 * long GC pause) may still send what it held in memory; it then registers again.
 */
public final class InstanceLiveness extends ServiceSupport implements ClusterMBean {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLiveness.class);
    /** An upper bound for the heartbeat guard of instance-forget.sql when the row to remove is our own. */
    private static final Timestamp ANY_TIME = Timestamp.valueOf("9999-12-31 00:00:00");

    private final DataSource dataSource;
    private final String instanceId;
    private final String host;
    private final Duration deadAfter;
    private final ObjectName name;
    private final Map<String, Statement> sql;
    private final SharedSendSlots slots;
    /** The flow-control state shared with the other instances (its figures are shown), or null. */
    private volatile SharedFlowState flowState;

    /**
     * @param sqlDir     config/sql (instance-*.sql, select-dead-instances.sql, release-instance-claims.sql)
     * @param jmxInstance sluice.jmx.instance: the MBean domain is {@code sluice[.instance]}
     * @param slots      the send slots shared with the other instances (its figures are shown), or null
     */
    public InstanceLiveness(DataSource dataSource, String instanceId, String host, Duration heartbeat,
                            Duration deadAfter, Path sqlDir, String jmxInstance, SharedSendSlots slots)
            throws IOException {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("sluice.cluster.heartbeat must be > 0, was " + heartbeat);
        }
        if (deadAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("sluice.cluster.dead-after must be at least 3 x sluice.cluster.heartbeat ("
                    + heartbeat.multipliedBy(3).toSeconds() + "s), was " + deadAfter);
        }
        this.dataSource = dataSource;
        this.instanceId = instanceId;
        this.host = host;
        this.deadAfter = deadAfter;
        this.slots = slots;
        try {
            this.name = new ObjectName("sluice" + (jmxInstance.isEmpty() ? "" : "." + jmxInstance) + ":type=Cluster");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException("sluice.jmx.instance '" + jmxInstance + "' makes no MBean name", e);
        }
        this.sql = Map.of(
                "register", Statement.read(file -> Files.readString(sqlDir.resolve(file)), "instance-register.sql"),
                "forget", Statement.read(file -> Files.readString(sqlDir.resolve(file)), "instance-forget.sql"),
                "beat", Statement.read(file -> Files.readString(sqlDir.resolve(file)), "instance-beat.sql"),
                "dead", Statement.read(file -> Files.readString(sqlDir.resolve(file)), "select-dead-instances.sql"),
                "release", Statement.read(file -> Files.readString(sqlDir.resolve(file)), "release-instance-claims.sql"),
                "list", Statement.read(file -> Files.readString(sqlDir.resolve(file)), "select-instances.sql"));
    }

    @Override
    protected void doStart() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            int released = update(c, "release", Map.of("instanceId", instanceId));
            update(c, "forget", Map.of("instanceId", instanceId, "lastSeen", ANY_TIME));
            update(c, "register", Map.of("instanceId", instanceId, "host", host));
            if (released > 0) {
                LOG.info("Instance {} took back {} row(s) an earlier run under its id left claimed", instanceId, released);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot register instance " + instanceId + " in SluiceInstance (" + e.getMessage()
                    + "). A database created by an older Sluice lacks the table: run `java -jar target/sluice.jar init-db`"
                    + " once (it only adds what is missing).", e);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(name)) {
            server.registerMBean(new StandardMBean(this, ClusterMBean.class), name);
        }
    }

    @Override
    protected void doStop() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        try (Connection c = dataSource.getConnection()) {
            int released = update(c, "release", Map.of("instanceId", instanceId));
            update(c, "forget", Map.of("instanceId", instanceId, "lastSeen", ANY_TIME));
            LOG.info("Instance {} left the cluster; {} claimed row(s) given back", instanceId, released);
            if (slots != null) { // what sharing the sites' rates cost this instance (bench/throughput reads this line)
                LOG.info("Instance {} shared send slots: {} statements, {} granted, {} unused, {} failures", instanceId,
                        slots.statements(), slots.granted(), slots.dropped(), slots.failures());
            }
            SharedFlowState s = flowState;
            if (s != null) {
                LOG.info("Instance {} shared flow-control state: {} site windows judged, {} states followed, {} conflicts,"
                        + " {} windows judged alone (database down)", instanceId, s.judged(), s.followed(), s.conflicts(),
                        s.failures());
            }
        } catch (SQLException e) {
            LOG.warn("Instance {} could not leave the cluster cleanly ({}); the others release its rows after {}",
                    instanceId, e.getMessage(), deadAfter);
        }
    }

    /**
     * One heartbeat, then the dead instances' claims given back.
     *
     * @return the rows given back
     */
    public int beat() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (update(c, "beat", Map.of("instanceId", instanceId)) == 0) {
                LOG.warn("Instance {} had been taken for dead (no heartbeat for {}); registering again", instanceId, deadAfter);
                update(c, "register", Map.of("instanceId", instanceId, "host", host));
            }
            int released = 0;
            for (Map.Entry<String, Timestamp> dead : dead(c)) {
                int n = update(c, "release", Map.of("instanceId", dead.getKey()));
                update(c, "forget", Map.of("instanceId", dead.getKey(), "lastSeen", dead.getValue()));
                LOG.warn("Instance {} stopped beating (last heartbeat {}): {} claimed row(s) given back, claimed again"
                        + " from the next poll", dead.getKey(), dead.getValue().toInstant(), n);
                released += n;
            }
            return released;
        }
    }

    @Override
    public String getInstanceId() {
        return instanceId;
    }

    @Override
    public long getDeadAfterSeconds() {
        return deadAfter.toSeconds();
    }

    @Override
    public boolean isSharedPacing() {
        return slots != null;
    }

    @Override
    public long getSlotStatements() {
        return slots == null ? 0 : slots.statements();
    }

    @Override
    public long getSlotsGranted() {
        return slots == null ? 0 : slots.granted();
    }

    @Override
    public long getSlotsUnused() {
        return slots == null ? 0 : slots.dropped();
    }

    @Override
    public long getSlotFailures() {
        return slots == null ? 0 : slots.failures();
    }

    /** Shows the figures of the flow-control state shared with the other instances. */
    public void show(SharedFlowState shared) {
        this.flowState = shared;
    }

    @Override
    public boolean isSharedFlowState() {
        return flowState != null;
    }

    @Override
    public String[] getJudges() {
        SharedFlowState s = flowState;
        return s == null ? new String[] {instanceId + ": judges its own windows"} : s.judges();
    }

    @Override
    public long getWindowsJudged() {
        SharedFlowState s = flowState;
        return s == null ? 0 : s.judged();
    }

    @Override
    public long getStatesFollowed() {
        SharedFlowState s = flowState;
        return s == null ? 0 : s.followed();
    }

    @Override
    public long getStateConflicts() {
        SharedFlowState s = flowState;
        return s == null ? 0 : s.conflicts();
    }

    @Override
    public int getAliveInstances() {
        return (int) instances().stream().filter(InstanceRow::alive).count();
    }

    @Override
    public String[] getInstances() {
        return instances().stream().map(InstanceRow::describe).toArray(String[]::new);
    }

    /** The instances in SluiceInstance, as of the database's clock now. */
    public List<InstanceRow> instances() {
        List<InstanceRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = sql.get("list").prepare(c, Map.of());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Duration silent = Duration.between(rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant());
                rows.add(new InstanceRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), silent,
                        silent.compareTo(deadAfter) < 0));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read SluiceInstance: " + e.getMessage(), e);
        }
        return rows;
    }

    private List<Map.Entry<String, Timestamp>> dead(Connection c) throws SQLException {
        List<Map.Entry<String, Timestamp>> dead = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, "dead",
                Map.of("instanceId", instanceId, "deadAfterSeconds", deadAfter.toSeconds()));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                dead.add(Map.entry(rs.getString(1), rs.getTimestamp(2)));
            }
        }
        return dead;
    }

    private int update(Connection c, String statement, Map<String, Object> params) throws SQLException {
        return sql.get(statement).update(c, params);
    }

    private PreparedStatement prepare(Connection c, String statement, Map<String, Object> params) throws SQLException {
        return sql.get(statement).prepare(c, params);
    }
}
