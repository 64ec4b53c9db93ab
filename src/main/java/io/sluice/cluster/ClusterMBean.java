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
}
