-- An instance's registration at start (io.sluice.cluster.InstanceLiveness), after instance-forget.sql removed the row
-- an earlier run under the same id left. Times are the database's.
INSERT INTO SluiceInstance (sInstanceId, sHost, tsStarted, tsHeartbeat)
VALUES (:#instanceId, :#host, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
