-- The instances sharing this database, for the MBean sluice:type=Cluster, with the database's time now.
SELECT sInstanceId, sHost, tsStarted, tsHeartbeat, CURRENT_TIMESTAMP AS tsNow
  FROM SluiceInstance
 ORDER BY sInstanceId
