-- A claimed (or parked) message of a stopped delivery: its row becomes Delivery cancelled (7), never sent.
-- The lifecycle route has usually cancelled it already (then this changes nothing).
UPDATE NmsBroadLogRcp
   SET iStatus = 7,
       iMsgId = :#msgId,
       tsLastModified = :#now,
       sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = NULL
 WHERE iBroadLogId = :#broadlogId
   AND COALESCE(sClaimToken, '') = :#claimToken   -- on the primary key, not the claim token index: write-result.sql
   AND iStatus = 6
