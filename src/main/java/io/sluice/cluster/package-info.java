/**
 * Several instances on one database: each instance registers and heartbeats in {@code SluiceInstance} on the
 * database's clock ({@link io.sluice.cluster.InstanceLiveness}); the rows of an instance that stopped beating are given
 * back within {@code sluice.cluster.dead-after}, and a restarted instance takes back its own earlier claims at start.
 * Shown by the MBean {@code sluice:type=Cluster}. What flow control learned about each site is kept in
 * {@code SluiceFlowState} ({@link io.sluice.cluster.FlowStateStore}), so a restart goes on from it.
 */
package io.sluice.cluster;
