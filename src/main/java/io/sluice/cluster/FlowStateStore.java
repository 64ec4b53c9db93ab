package io.sluice.cluster;

import io.sluice.diagnosis.ReportSql.Statement;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowState;
import org.apache.camel.support.service.ServiceSupport;
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
import java.time.Duration;
import java.util.Map;

/**
 * Keeps what flow control has learned about each site in the database ({@code SluiceFlowState}), so a restart goes
 * on from it instead of probing every site again from {@code initialRate}: a site learned at 3 msg/s restarts at
 * 3 msg/s, a suspension (Yahoo TSS04: 2 h) outlives the restart.
 * <ul>
 *   <li>At start, before any route runs: every stored state is restored into the registry. A row that cannot be
 *   read is logged with its site and skipped (that site starts afresh): it never stops the service.</li>
 *   <li>Every {@code sluice.cluster.flow-state-save} ({@link #save()}, route flow-state-save): the sites whose state
 *   changed since they were last written, one statement each.</li>
 *   <li>At a clean stop, after the routes: everything not yet written.</li>
 * </ul>
 * With several instances sharing one live state ({@link #shared}), a change is written as a compare-and-set on the
 * row's version, by {@link SharedFlowState}; without it the last writer's state is the one the next start reads.
 */
public final class FlowStateStore extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(FlowStateStore.class);

    private final DataSource dataSource;
    private final FlowControlRegistry registry;
    private final String instanceId;
    private final Statement select;
    private final Statement update;
    private final Statement insert;
    /** Per site, the text last written or read: an unchanged state is not written again. */
    private final StoredStates stored;
    /** The state shared live with the other instances, or null. */
    private final SharedFlowState shared;

    /** The state of this instance alone, kept across its restarts. */
    public FlowStateStore(DataSource dataSource, FlowControlRegistry registry, String instanceId, Path sqlDir)
            throws IOException {
        this(dataSource, registry, instanceId, sqlDir, new StoredStates(), null);
    }

    private FlowStateStore(DataSource dataSource, FlowControlRegistry registry, String instanceId, Path sqlDir,
                           StoredStates stored, SharedFlowState shared) throws IOException {
        this.dataSource = dataSource;
        this.registry = registry;
        this.instanceId = instanceId;
        this.stored = stored;
        this.shared = shared;
        io.sluice.diagnosis.ReportSql.Source files = file -> Files.readString(sqlDir.resolve(file));
        this.select = Statement.read(files, "select-flow-states.sql");
        this.update = Statement.read(files, "update-flow-state.sql");
        this.insert = Statement.read(files, "insert-flow-state.sql");
    }

    /**
     * One state per site for every instance on this (PostgreSQL) database: the registry's windows are judged through
     * {@link SharedFlowState}, which {@link #shared()} gives for the routes and the Cluster MBean.
     *
     * @param dueAfter a site's window is judged when its last judgement is this old, on the database's clock
     * @param lookback how far back each look for the states the others changed goes
     */
    public static FlowStateStore shared(DataSource dataSource, FlowControlRegistry registry, String instanceId,
                                        Path sqlDir, Duration dueAfter, Duration lookback) throws IOException {
        StoredStates stored = new StoredStates();
        SharedFlowState shared = new SharedFlowState(dataSource, registry, instanceId, stored, dueAfter, lookback, sqlDir);
        registry.judgeWindowsWith(shared);
        return new FlowStateStore(dataSource, registry, instanceId, sqlDir, stored, shared);
    }

    /** The state shared with the other instances, or null when this instance keeps its own. */
    public SharedFlowState shared() {
        return shared;
    }

    @Override
    protected void doStart() {
        int restored = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = select.prepare(c, Map.of());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String site = rs.getString(1);
                String text = rs.getString(2);
                try {
                    if (registry.restore(site, FlowStateText.read(site, text))) {
                        restored++;
                    }
                    stored.put(site, text, rs.getLong(3));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}; the site starts afresh", e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read SluiceFlowState (" + e.getMessage() + "). A database created by an"
                    + " older Sluice lacks the table: run `java -jar target/sluice.jar init-db` once (it only adds what"
                    + " is missing).", e);
        }
        LOG.info("Flow control goes on from the stored state of {} site(s)", restored);
    }

    @Override
    protected void doStop() {
        try {
            save();
        } catch (SQLException e) {
            LOG.warn("Flow-control state not saved at stop ({}); the next start goes on from the last save", e.getMessage());
        }
    }

    /**
     * Writes the sites whose state changed since they were last written.
     *
     * @return the sites written
     */
    public int save() throws SQLException {
        int written = 0;
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, FlowState> e : registry.states().entrySet()) {
                String text = FlowStateText.write(e.getValue());
                if (stored.isStored(e.getKey(), text)) {
                    continue;
                }
                if (shared != null) {
                    written += shared.publish(c, e.getKey(), text) ? 1 : 0;
                    continue;
                }
                Map<String, Object> values = Map.of("site", e.getKey(), "state", text, "instanceId", instanceId);
                if (write(c, update, values) == 0) {
                    try {
                        write(c, insert, values);
                    } catch (SQLException raced) {
                        write(c, update, values); // another instance inserted the site meanwhile
                    }
                }
                stored.put(e.getKey(), text, 0);
                written++;
            }
        }
        return written;
    }

    private static int write(Connection c, Statement statement, Map<String, Object> values) throws SQLException {
        try (PreparedStatement ps = statement.prepare(c, values)) {
            return ps.executeUpdate();
        }
    }
}
