-- Writes one attempt's outcome (run in JDBC batches: the body is a list of parameter maps).
-- The claim token guard drops a late write of a row whose lease ran out and was claimed again elsewhere.
UPDATE NmsBroadLogRcp
   SET iStatus = :#status,
       iMsgId = :#msgId,
       iRetry = :#retry,
       tsNextTry = :#nextTry,
       tsEvent = :#eventTime,
       tsLastModified = :#eventTime,
       sAddress = :#address,
       sDomain = :#domain,
       sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = NULL
 WHERE iBroadLogId = :#broadlogId
   -- COALESCE: keeps the planner on the primary key. A plain comparison can send it through the claim token index,
   -- which visits all 2,000 rows of the claim for each result while the statistics do not know the token yet.
   AND COALESCE(sClaimToken, '') = :#claimToken
