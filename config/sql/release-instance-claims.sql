-- Gives back every Pending row an instance holds: a dead instance's (so other instances claim them at once, not at
-- lease end), and at start the rows an earlier run under the same id left claimed. Each row is due at once: a parked
-- row's tsNextTry is its lease end (park.sql: the end of its park plus sluice.claim.lease, 5 minutes by default), and
-- it comes back through the gate of the instance that claims it, which paces it at the site's rate of now (or parks
-- it again). Its copy on the dead instance's broker, should that come back, finds the row no longer its own and is
-- skipped (select-parked.sql's claim token guard; adopt-parked.sql on a shared broker).
UPDATE NmsBroadLogRcp
   SET sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = NULL,
       tsNextTry = LEAST(tsNextTry, CURRENT_TIMESTAMP),
       tsLastModified = CURRENT_TIMESTAMP
 WHERE iStatus = 6
   AND sClaimedBy = :#instanceId
