-- A site's state after its window judgement (io.sluice.cluster.SharedFlowState), under the lock of
-- flow-judge-lock.sql; the version guards it all the same: a judge whose version is stale writes nothing.
UPDATE SluiceFlowState
   SET sState = :#state, iVersion = iVersion + 1, tsJudged = clock_timestamp(),
       sJudgedBy = :#instanceId, sUpdatedBy = :#instanceId, tsUpdated = clock_timestamp()
 WHERE sSite = :#site AND iVersion = :#version
RETURNING iVersion
