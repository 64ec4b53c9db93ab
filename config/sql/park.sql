-- Parks a claimed row: it stays Pending (6), points to the "Messages queued ..." message, and its lease is
-- extended past the time it is parked until, so no instance claims it while it waits on the broker.
-- tsNextTry moves with the lease: a parked backlog (possibly millions of rows) then lies outside the claim's
-- index range (iStatus, tsNextTry) instead of being read and filtered out by every claim poll.
-- The claim token guard: a row whose lease was lost is not parked (whoever holds it now sends it).
UPDATE NmsBroadLogRcp
   SET tsLeaseUntil = :#leaseUntil,
       tsNextTry = :#leaseUntil,
       iMsgId = :#msgId,
       sDomain = :#domain,
       tsLastModified = :#now
 WHERE iBroadLogId = :#broadlogId
   AND COALESCE(sClaimToken, '') = :#claimToken   -- on the primary key, not the claim token index: write-result.sql
   AND iStatus = 6
