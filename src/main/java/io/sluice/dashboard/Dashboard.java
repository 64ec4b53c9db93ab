package io.sluice.dashboard;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.diagnosis.ReportSql.Statement;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowSnapshot;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.monitor.DomainFlowControl;
import io.sluice.parking.ParkedMail;
import org.apache.camel.support.service.ServiceSupport;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link DashboardMBean} over the running engine: sites from the flow-control registry (memory) and one GROUP BY for
 * their parked mail; site actions through the same {@link DomainFlowControl} as the Domain MBeans; deliveries and
 * the sender read from their own MBeans ({@link MBeanReads}).
 */
public final class Dashboard extends ServiceSupport implements DashboardMBean {

    private final DataSource dataSource;
    private final FlowControlRegistry registry;
    private final FlowGate gate;
    private final ParkedMail parked;
    private final Function<String, Set<String>> domainsOf;
    private final Function<String, String> smtpConnections;
    private final Clock clock;
    private final Statement parkedByDomain;
    private final SiteTimeline timeline;
    private final MBeanReads engine;
    private final ObjectName name;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /**
     * @param sqlDir          config/sql (console-parked.sql, console-site-events.sql, console-site-attempts.sql)
     * @param domainsOf       the recipient domains of a site (the broadlog counts per domain)
     * @param smtpConnections a site's SMTP connections as text
     * @param instance        distinguishes several Sluice contexts in one JVM (empty for the usual one)
     */
    public Dashboard(DataSource dataSource, Path sqlDir, FlowControlRegistry registry, FlowGate gate, ParkedMail parked,
                     Function<String, Set<String>> domainsOf, Function<String, String> smtpConnections,
                     String instance, Clock clock) throws Exception {
        this.dataSource = dataSource;
        this.registry = registry;
        this.gate = gate;
        this.parked = parked;
        this.domainsOf = domainsOf;
        this.smtpConnections = smtpConnections;
        this.clock = clock;
        io.sluice.diagnosis.ReportSql.Source files = file -> Files.readString(sqlDir.resolve(file));
        this.parkedByDomain = Statement.read(files, "console-parked.sql");
        this.timeline = new SiteTimeline(dataSource, Statement.read(files, "console-site-events.sql"),
                Statement.read(files, "console-site-attempts.sql"));
        this.engine = new MBeanReads(server, instance, clock);
        this.name = objectName(instance);
    }

    public static ObjectName objectName(String instance) throws Exception {
        return new ObjectName("sluice" + (instance.isEmpty() ? "" : "." + instance) + ":type=Console");
    }

    @Override
    protected void doStart() throws Exception {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new StandardMBean(this, DashboardMBean.class), name);
    }

    @Override
    protected void doStop() throws Exception {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }

    @Override
    public Map<String, Object> destinations(String filter, String sortBy, boolean descending, int first, int count) {
        long t0 = System.nanoTime();
        Map<String, Long> byDomain = parkedByDomain();
        long queryMillis = (System.nanoTime() - t0) / 1_000_000;
        List<DestinationRow> rows = new ArrayList<>();
        for (FlowSnapshot s : registry.snapshots()) {
            rows.add(new DestinationRow(s, DestinationTable.parkedOf(s.key(), domainsOf, byDomain),
                    gate.inMemory(s.key()), smtpConnections.apply(s.key())));
        }
        return DestinationTable.page(rows, filter, sortBy, descending, first, count, queryMillis);
    }

    /** Every domain's parked rows in one query; null when the database cannot be asked (shown as -1). */
    private Map<String, Long> parkedByDomain() {
        Map<String, Object> texts = Map.of("dynamicFlowControl", BroadlogTexts.DYNAMIC_FLOW_CONTROL,
                "quotasMet", BroadlogTexts.QUOTAS_MET);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = parkedByDomain.prepare(c, texts);
             ResultSet rs = ps.executeQuery()) {
            Map<String, Long> counts = new HashMap<>();
            while (rs.next()) {
                counts.put(rs.getString("domain_name"), rs.getLong("parked"));
            }
            return counts;
        } catch (SQLException e) {
            return null;
        }
    }

    private DomainFlowControl site(String site) {
        DomainFlow flow = registry.find(site).orElseThrow(() -> new IllegalArgumentException(
                "no site '" + site + "' is known to flow control"));
        return new DomainFlowControl(flow, gate, parked, smtpConnections);
    }

    @Override
    public String resetSite(String site) {
        site(site).resetToNormal();
        return describe(site);
    }

    @Override
    public String setSiteRate(String site, double messagesPerSecond, long seconds) {
        if (!(messagesPerSecond > 0) || seconds < 1) {
            throw new IllegalArgumentException("a rate cap needs a rate above 0 msg/s and at least 1 second (asked: "
                    + messagesPerSecond + " msg/s for " + seconds + " s)");
        }
        site(site).setRate(messagesPerSecond, seconds);
        return describe(site);
    }

    @Override
    public String suspendSite(String site, long seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("a suspension lasts at least 1 second (asked: " + seconds + ")");
        }
        site(site).suspend(seconds);
        return describe(site);
    }

    @Override
    public String releaseParked(String site) {
        return site(site).releaseParked();
    }

    private String describe(String site) {
        return registry.flow(site).snapshot().describe();
    }

    @Override
    public List<Map<String, Object>> deliveries() {
        return engine.deliveries();
    }

    @Override
    public Map<String, Object> timeline(String site, int minutes) {
        DomainFlow flow = registry.find(site).orElseThrow(() -> new IllegalArgumentException(
                "no site '" + site + "' is known to flow control"));
        try {
            return timeline.read(flow.snapshot(), domainsOf.apply(site), minutes, clock.instant());
        } catch (SQLException e) {
            // plain exception types only: a JMX client may not have the driver's
            throw new IllegalStateException("cannot read the timeline of " + site + ": " + e.getMessage());
        }
    }

    @Override
    public Map<String, Object> sender() {
        return engine.sender();
    }
}
