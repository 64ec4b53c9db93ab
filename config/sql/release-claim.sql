-- A claimed message of a delivery that may not send now (paused, outside its sending window, no longer
-- running) is not sent: its row stays Pending and its claim is released, so it is claimed again (by any
-- instance) once the delivery may send. The claim token guard: only our own claim is released.
UPDATE NmsBroadLogRcp
   SET sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = NULL,
       tsLastModified = :#now
 WHERE iBroadLogId = :#broadlogId
   AND COALESCE(sClaimToken, '') = :#claimToken   -- on the primary key, not the claim token index: write-result.sql
   AND iStatus = 6
