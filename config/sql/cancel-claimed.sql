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
   AND sClaimToken = :#claimToken
   AND iStatus = 6
