package io.sluice.boot;

import io.sluice.broker.BrokerSettings;
import io.sluice.broker.ConnectionFactories;
import io.sluice.dashboard.Dashboard;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.camel.DomainWindowAggregation;
import io.sluice.flowcontrol.camel.FlowControlFeed;
import io.sluice.flowcontrol.camel.FlowGate;
import io.sluice.flowcontrol.camel.SharedSlots;
import io.sluice.history.FlowEventStore;
import io.sluice.monitor.FlowControlMBeans;
import io.sluice.parking.ParkedMail;
import io.sluice.parking.ParkedMailRespacing;
import io.sluice.parking.Parking;
import io.sluice.send.pool.SmtpConnectionPool;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Flow control (policy from domains.yaml, sluice.flow.*): the registry, its history (sluice.flow-history.*), the
 * gate before the throttle, parking and the JMX view of it all.
 */
record FlowControlWiring(FlowControlRegistry registry, FlowGate gate) {

    /** The routes' placeholder of the aggregator window (routes/flow-control.camel.yaml). */
    static final String WINDOW_MILLIS = "sluice.flow.window-millis";

    static FlowControlWiring wire(Wiring w, DataSource dataSource, ClaimWiring claim, RoutingWiring routing,
                                  BrokerSettings broker) throws Exception {
        FlowControlRegistry flowControl = FlowControlRegistry.of(routing.flowSettings(), w.clock);
        flowControl.addListener(event -> Wiring.LOG.info("Flow control: {}", event));
        w.registry.bind("flowControl", flowControl);
        // Flow-control history: every event to SluiceFlowEvent, asynchronously.
        if (w.flag("sluice.flow-history.enabled")) {
            FlowEventStore history = new FlowEventStore(dataSource, claim.settings().instanceId(),
                    w.integer("sluice.flow-history.queue-size"), w.integer("sluice.flow-history.batch-size"),
                    Duration.ofSeconds(30));
            w.context.addService(history, true, true);
            flowControl.addListener(history);
            w.registry.bind("flowEventStore", history);
        }
        FlowGate gate = new FlowGate(flowControl, w.clock, w.duration("sluice.flow.memory-horizon"),
                w.integer("sluice.flow.max-in-memory-per-domain"), w.duration("sluice.flow.paused-recheck"),
                // hourly quota per site (domains.yaml messagesPerHour), paced evenly
                key -> {
                    Integer perHour = routing.policy().policies().limitsFor(key).messagesPerHour();
                    return perHour == null ? Double.POSITIVE_INFINITY : perHour / 3600.0;
                },
                w.duration("sluice.flow.broker-horizon"),
                // the send slots shared with the other instances (sluice.cluster.shared-pacing), if any
                w.registry.lookupByNameAndType(ClusterWiring.SHARED_SLOTS, SharedSlots.class));
        w.registry.bind("flowGate", gate);
        flowControl.addListener(gate.rateCutListener());
        ParkedMail parkedMail = new ParkedMail(dataSource, ConnectionFactories.management(broker),
                routing.siteMembers(), w.clock);
        // A site that recovers (back to NORMAL), or whose rate has risen well above the rate its parked mail was
        // spaced at, gets that mail back now, spaced at its new rate (io.sluice.parking.ParkedMailRespacing).
        ExecutorService releaser = w.context.getExecutorServiceManager()
                .newSingleThreadExecutor(w.owner, "sluice-release-parked");
        flowControl.addListener(new ParkedMailRespacing(gate::resetSchedule, parkedMail::release, releaser));
        // the SMTP pool is bound later (and not at all with sluice.smtp.pool.enabled=false): looked up per read
        Function<String, String> smtpConnections = site -> {
            SmtpConnectionPool pool = w.registry.lookupByNameAndType(SmtpWiring.POOL, SmtpConnectionPool.class);
            return pool == null ? "" : pool.siteConnections(site);
        };
        FlowControlMBeans mbeans = new FlowControlMBeans(flowControl, gate, parkedMail, w.text("sluice.jmx.instance"),
                routing.unreachable(), smtpConnections, routing.policy());
        w.context.addService(mbeans);
        // the console's Sluice page: every site in one operation (sluice:type=Console)
        w.context.addService(new Dashboard(dataSource, w.configDir.resolve("sql"), flowControl, gate, parkedMail,
                routing.siteMembers(), smtpConnections, w.text("sluice.jmx.instance"), w.clock));
        w.registry.bind("flowControlFeed", new FlowControlFeed(flowControl, mbeans::sync, gate::inMemory));
        w.registry.bind("domainWindowAggregation", new DomainWindowAggregation());
        w.registry.bind("parking", new Parking(routing.catalog(), w.clock, claim.settings().lease()));
        w.registry.bind("parkedMail", parkedMail);
        // the aggregator window is the registry's window (domains.yaml defaults.flow.window)
        w.derive(WINDOW_MILLIS, String.valueOf(flowControl.getDefaultConfig().getWindow().toMillis()));
        return new FlowControlWiring(flowControl, gate);
    }
}
