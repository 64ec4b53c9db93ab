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
   AND sClaimToken = :#claimToken
