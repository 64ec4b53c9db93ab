/**
 * Several instances on one database: each instance registers and heartbeats in {@code SluiceInstance} on the
 * database's clock ({@link io.sluice.cluster.InstanceLiveness}); the rows of an instance that stopped beating are given
 * back within {@code sluice.cluster.dead-after}, and a restarted instance takes back its own earlier claims at start.
 * Shown by the MBean {@code sluice:type=Cluster}.
 */
package io.sluice.cluster;
