package io.sluice.cluster;

/** {@code sluice:type=Cluster}: the instances sharing the database, read from {@code SluiceInstance} on each read. */
public interface ClusterMBean {

    /** This instance's id (sluice.instance-id; NmsBroadLogRcp.sClaimedBy). */
    String getInstanceId();

    /** Silence after which an instance is taken for dead and its claims are given back. */
    long getDeadAfterSeconds();

    /** Instances whose last heartbeat is within dead-after, on the database's clock. */
    int getAliveInstances();

    /** One line per instance: id, host, started, seconds since its last heartbeat, alive or not. */
    String[] getInstances();

    /** Whether this instance shares its sites' send slots with the others (sluice.cluster.shared-pacing, PostgreSQL). */
    boolean isSharedPacing();

    /** Slot reservations run on the database so far: one round trip each, about 4/s per busy site. */
    long getSlotStatements();

    /** Shared send slots handed to messages so far. */
    long getSlotsGranted();

    /** Reserved slots never used (their message was held up, or the site's rate was cut): time the site lost. */
    long getSlotsUnused();

    /** Reservations that failed (database unreachable): the mail waited instead of being sent (fail closed). */
    long getSlotFailures();

    /** Whether this instance shares one flow-control state per site with the others (sluice.cluster.shared-flow-state). */
    boolean isSharedFlowState();

    /** Who judges: per instance, the sites whose windows it judged in the last minute, and its last judgement's age. */
    String[] getJudges();

    /** Site windows this instance judged for all the instances (their counts summed). */
    long getWindowsJudged();

    /** Site states this instance took from another instance's judgement or change. */
    long getStatesFollowed();

    /** Changes made here that another instance's change beat: not written, the newer state was followed. */
    long getStateConflicts();
}
