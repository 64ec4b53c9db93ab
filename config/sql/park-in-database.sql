-- Parks a claimed row in the database instead of on the broker (sluice.flow.broker-horizon: mail held back for
-- longer than that, e.g. a suspended domain's backlog). The row stays Pending (6), points to the "Messages
-- queued ..." message, gives its claim up and is due again at the park time (:#leaseUntil here), when any
-- instance's claim takes it again. Its lease runs to the same time so that progress and the parked-mail counts
-- see it as queued; no broker message exists for it, so a broker keeps nothing in memory for it.
-- The claim token guard: a row whose lease was lost is not parked (whoever holds it now sends it).
UPDATE NmsBroadLogRcp
   SET sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = :#leaseUntil,
       tsNextTry = :#leaseUntil,
       iMsgId = :#msgId,
       sDomain = :#domain,
       tsLastModified = :#now
 WHERE iBroadLogId = :#broadlogId
   AND COALESCE(sClaimToken, '') = :#claimToken   -- on the primary key, not the claim token index: write-result.sql
   AND iStatus = 6
