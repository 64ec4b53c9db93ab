-- Writes a group of attempts' outcomes in one statement (PostgreSQL 9.5+; chosen by sluice.writer.sql = auto).
-- The body is one map of parallel arrays, one element per result (io.sluice.broadlog.BroadlogWriter): one UPDATE
-- joined to unnest() instead of a JDBC batch of one UPDATE per row costs the database about half the CPU
-- (docs/benchmarks.md, "Profiled run (stop 5)"). Times travel as microseconds since the epoch (the driver binds
-- no timestamp arrays). The same contract as write-result.sql, including the claim token guard: a late write
-- of a row whose lease ran out and was claimed again elsewhere changes nothing.
UPDATE NmsBroadLogRcp
   SET iStatus = r.iStatus,
       iMsgId = r.iMsgId,
       iRetry = r.iRetry,
       tsNextTry = TIMESTAMPTZ 'epoch' + r.iNextTryMicros * INTERVAL '1 microsecond',
       tsEvent = TIMESTAMPTZ 'epoch' + r.iEventMicros * INTERVAL '1 microsecond',
       tsLastModified = TIMESTAMPTZ 'epoch' + r.iEventMicros * INTERVAL '1 microsecond',
       sAddress = r.sAddress,
       sDomain = r.sDomain,
       sClaimToken = NULL,
       sClaimedBy = NULL,
       tsLeaseUntil = NULL
  FROM unnest(CAST(:#broadlogIds AS BIGINT[]), CAST(:#claimTokens AS VARCHAR[]), CAST(:#statuses AS INTEGER[]),
              CAST(:#msgIds AS BIGINT[]), CAST(:#retries AS INTEGER[]), CAST(:#nextTries AS BIGINT[]),
              CAST(:#eventTimes AS BIGINT[]), CAST(:#addresses AS VARCHAR[]), CAST(:#domains AS VARCHAR[]))
       AS r (iBroadLogId, sClaimToken, iStatus, iMsgId, iRetry, iNextTryMicros, iEventMicros, sAddress, sDomain)
 WHERE NmsBroadLogRcp.iBroadLogId = r.iBroadLogId
   -- COALESCE keeps the planner on the primary key (see write-result.sql)
   AND COALESCE(NmsBroadLogRcp.sClaimToken, '') = r.sClaimToken
