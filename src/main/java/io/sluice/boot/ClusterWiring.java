package io.sluice.boot;

import io.sluice.cluster.ClusterTicks;
import io.sluice.cluster.FlowStateStore;
import io.sluice.cluster.InstanceLiveness;
import io.sluice.cluster.SharedHolds;
import io.sluice.cluster.SharedSendSlots;
import io.sluice.flowcontrol.FlowControlRegistry;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/** Several instances on one database (sluice.cluster.*): this instance's registration and heartbeat. */
final class ClusterWiring {

    /** The routes' placeholder of the heartbeat timer (routes/cluster.camel.yaml). */
    static final String HEARTBEAT_MILLIS = "sluice.cluster.heartbeat-millis";
    /** The routes' placeholder of the flow-state save timer (routes/cluster.camel.yaml). */
    static final String FLOW_STATE_SAVE_MILLIS = "sluice.cluster.flow-state-save-millis";
    /** The routes' placeholder of the shared-holds timer (routes/cluster.camel.yaml). */
    static final String HOLD_POLL_MILLIS = "sluice.cluster.hold-poll-millis";

    private ClusterWiring() {
    }

    /** The registry name of the shared send slots, bound only when the instances share their sites' rates. */
    static final String SHARED_SLOTS = "sharedSendSlots";

    /**
     * @param postgres the send slots are shared only on PostgreSQL: the embedded database serves one instance
     */
    static InstanceLiveness wire(Wiring w, DataSource dataSource, String instanceId, boolean postgres) throws Exception {
        Duration heartbeat = w.duration("sluice.cluster.heartbeat");
        SharedSendSlots slots = null;
        if (postgres && w.flag("sluice.cluster.shared-pacing")) {
            slots = new SharedSendSlots(dataSource, w.configDir.resolve("sql"), w.clock,
                    w.duration("sluice.cluster.slot-block"), w.duration("sluice.flow.memory-horizon"));
            w.registry.bind(SHARED_SLOTS, slots);
        }
        String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        InstanceLiveness liveness = new InstanceLiveness(dataSource, instanceId, runtime.substring(runtime.indexOf('@') + 1),
                heartbeat, w.duration("sluice.cluster.dead-after"), w.configDir.resolve("sql"), w.text("sluice.jmx.instance"),
                slots);
        // a service: started with the context, before the routes (its own earlier claims are back before the first
        // claim poll), stopped after them
        w.context.addService(liveness);
        w.registry.bind("instanceLiveness", liveness);
        w.derive(HEARTBEAT_MILLIS, String.valueOf(heartbeat.toMillis()));
        return liveness;
    }

    /** The flow-control state kept in the database: restored at start (before the routes), saved as it changes. */
    static void wireFlowState(Wiring w, DataSource dataSource, FlowControlRegistry registry, String instanceId,
                              boolean postgres, InstanceLiveness liveness) throws Exception {
        Duration save = w.positiveDuration("sluice.cluster.flow-state-save");
        Duration holdPoll = w.positiveDuration("sluice.cluster.hold-poll");
        FlowStateStore store;
        if (postgres && w.flag("sluice.cluster.shared-flow-state")) {
            // judged when the last judgement is 90 % of a window old: one instance's windows, closing a few ms early,
            // are each judged, and the others' windows in between only add their counts
            Duration window = registry.getDefaultConfig().getWindow();
            Duration lookback = holdPoll.multipliedBy(20).compareTo(Duration.ofSeconds(10)) > 0
                    ? holdPoll.multipliedBy(20) : Duration.ofSeconds(10);
            store = FlowStateStore.shared(dataSource, registry, instanceId, w.configDir.resolve("sql"),
                    window.multipliedBy(9).dividedBy(10), lookback);
            liveness.show(store.shared());
        } else {
            store = new FlowStateStore(dataSource, registry, instanceId, w.configDir.resolve("sql"));
        }
        w.context.addService(store);
        w.registry.bind("flowStateStore", store);
        // the routes' timers call these services through a bean that is not one (io.sluice.cluster.ClusterTicks)
        w.registry.bind("clusterTicks", new ClusterTicks(liveness, store));
        w.derive(FLOW_STATE_SAVE_MILLIS, String.valueOf(save.toMillis()));
        // a site held back on one instance is held back on all (route site-holds follows the others' holds)
        SharedHolds holds = SharedHolds.of(dataSource, registry, instanceId, w.clock,
                w.context.getExecutorServiceManager().newSingleThreadExecutor(w.owner, "sluice-shared-holds"),
                w.configDir.resolve("sql"), postgres);
        registry.addListener(holds);
        w.registry.bind("sharedHolds", holds);
        w.derive(HOLD_POLL_MILLIS, String.valueOf(holdPoll.toMillis()));
    }
}
