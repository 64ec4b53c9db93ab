-- Removes an instance's row: its own at start (an earlier run under the same id) and at a clean stop; a dead one's
-- once its claims are released. The heartbeat guard: an instance that beat again meanwhile is kept.
DELETE FROM SluiceInstance
 WHERE sInstanceId = :#instanceId
   AND tsHeartbeat <= :#lastSeen
