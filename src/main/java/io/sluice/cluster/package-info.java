/**
 * Several instances on one database: each instance registers and heartbeats in {@code SluiceInstance} on the
 * database's clock ({@link io.sluice.cluster.InstanceLiveness}); the rows of an instance that stopped beating are given
 * back within {@code sluice.cluster.dead-after}, and a restarted instance takes back its own earlier claims at start.
 * Shown by the MBean {@code sluice:type=Cluster}. What flow control learned about each site is kept in
 * {@code SluiceFlowState} ({@link io.sluice.cluster.FlowStateStore}), so a restart goes on from it. On PostgreSQL the
 * instances share each site's send slots ({@link io.sluice.cluster.SharedSendSlots}, {@code SluiceSendSlot}): together
 * they send a site at its rate, not N times it, and send nothing new while the database is away. A site held back on
 * one instance is held back on all within {@code sluice.cluster.hold-poll} ({@link io.sluice.cluster.SharedHolds},
 * {@code SluiceSiteHold}). And they share one flow-control state per site ({@link io.sluice.cluster.SharedFlowState}):
 * their window counts are summed in {@code SluiceFlowWindow} and judged once per window by whichever instance finds it
 * due first under the row's lock; every change is a compare-and-set on the row's version, which the others follow.
 */
package io.sluice.cluster;
