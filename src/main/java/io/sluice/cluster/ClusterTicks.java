package io.sluice.cluster;

import java.sql.SQLException;

/**
 * What the cluster routes' timers call (routes/cluster.camel.yaml). Not the services themselves: Camel stops a route's
 * bean when it is a service, so a route calling {@link InstanceLiveness} directly stopped it, and gave this instance's
 * claims back, while other routes were still finishing their in-flight sends and before the result writer's last batch
 * was flushed; those rows were then sent again by another instance. As context services they stop after every route.
 */
public final class ClusterTicks {

    private final InstanceLiveness liveness;
    private final FlowStateStore flowStates;

    public ClusterTicks(InstanceLiveness liveness, FlowStateStore flowStates) {
        this.liveness = liveness;
        this.flowStates = flowStates;
    }

    /**
     * Route instance-heartbeat: {@link InstanceLiveness#beat()}; then, when the state is shared, whether others are
     * alive (each then measures only its share of a receiver's rate, {@link SharedFlowState#aliveInstances}).
     */
    public int beat() throws SQLException {
        int released = liveness.beat();
        SharedFlowState shared = flowStates.shared();
        if (shared != null) {
            shared.aliveInstances(liveness.getAliveInstances());
        }
        return released;
    }

    /** Route site-holds: {@link SharedFlowState#follow()}, when this instance shares the state with the others. */
    public int followFlowStates() throws SQLException {
        SharedFlowState shared = flowStates.shared();
        return shared == null ? 0 : shared.follow();
    }

    /** Route flow-state-save: {@link FlowStateStore#save()}. */
    public int saveFlowState() throws SQLException {
        return flowStates.save();
    }
}
