-- A site's shared flow-control state, locked until the judgement commits (io.sluice.cluster.SharedFlowState): the
-- instances judging the same site queue here, and the second finds the window judged (due = false). Due on the
-- database's clock, so instances whose JVM clocks differ agree on it.
SELECT sState, iVersion, coalesce(sUpdatedBy, 'unknown'),
       tsJudged IS NULL OR tsJudged <= clock_timestamp() - :#dueAfterMillis * INTERVAL '1 millisecond' AS due
  FROM SluiceFlowState
 WHERE sSite = :#site
   FOR UPDATE
