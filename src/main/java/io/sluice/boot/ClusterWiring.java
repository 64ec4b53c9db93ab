package io.sluice.boot;

import io.sluice.cluster.FlowStateStore;
import io.sluice.cluster.InstanceLiveness;
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

    private ClusterWiring() {
    }

    static InstanceLiveness wire(Wiring w, DataSource dataSource, String instanceId) throws Exception {
        Duration heartbeat = w.duration("sluice.cluster.heartbeat");
        String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        InstanceLiveness liveness = new InstanceLiveness(dataSource, instanceId, runtime.substring(runtime.indexOf('@') + 1),
                heartbeat, w.duration("sluice.cluster.dead-after"), w.configDir.resolve("sql"), w.text("sluice.jmx.instance"));
        // a service: started with the context, before the routes (its own earlier claims are back before the first
        // claim poll), stopped after them
        w.context.addService(liveness);
        w.registry.bind("instanceLiveness", liveness);
        w.derive(HEARTBEAT_MILLIS, String.valueOf(heartbeat.toMillis()));
        return liveness;
    }

    /** The flow-control state kept in the database: restored at start (before the routes), saved as it changes. */
    static void wireFlowState(Wiring w, DataSource dataSource, FlowControlRegistry registry, String instanceId)
            throws Exception {
        Duration save = w.duration("sluice.cluster.flow-state-save");
        if (save.isNegative() || save.isZero()) {
            throw new IllegalArgumentException("sluice.cluster.flow-state-save must be > 0, was " + save);
        }
        FlowStateStore store = new FlowStateStore(dataSource, registry, instanceId, w.configDir.resolve("sql"));
        w.context.addService(store);
        w.registry.bind("flowStateStore", store);
        w.derive(FLOW_STATE_SAVE_MILLIS, String.valueOf(save.toMillis()));
    }
}
