-- An instance's heartbeat, on the database's clock. 0 rows: another instance took this one for dead and removed its
-- row (a stall longer than sluice.cluster.dead-after); InstanceLiveness then registers it again.
UPDATE SluiceInstance
   SET tsHeartbeat = CURRENT_TIMESTAMP
 WHERE sInstanceId = :#instanceId
