-- Gives back every Pending row an instance holds: a dead instance's (so other instances claim them at once, not at
-- lease end), and at start the rows an earlier run under the same id left claimed. tsNextTry is kept: a row parked
-- until later stays due then (its copy on the dead instance's broker, should it come back, finds the row no longer
-- its own and is skipped: select-parked.sql's claim token guard).
UPDATE NmsBroadLogRcp
   SET sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = NULL,
       tsLastModified = CURRENT_TIMESTAMP
 WHERE iStatus = 6
   AND sClaimedBy = :#instanceId
