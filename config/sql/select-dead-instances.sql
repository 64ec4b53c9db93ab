-- The other instances silent for sluice.cluster.dead-after, judged on the database's clock.
SELECT sInstanceId, tsHeartbeat
  FROM SluiceInstance
 WHERE sInstanceId <> :#instanceId
   AND tsHeartbeat < CURRENT_TIMESTAMP - CAST(:#deadAfterSeconds AS INTEGER) * INTERVAL '1' SECOND
