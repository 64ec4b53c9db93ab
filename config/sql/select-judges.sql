-- Who judges the sites' windows (sluice:type=Cluster, Judges): per instance, the sites it judged in the last minute
-- and how long ago its last judgement was, on the database's clock.
SELECT sJudgedBy, count(*), CAST(extract(EPOCH FROM (clock_timestamp() - max(tsJudged))) * 1000 AS BIGINT)
  FROM SluiceFlowState
 WHERE tsJudged > clock_timestamp() - INTERVAL '1 minute'
 GROUP BY sJudgedBy
 ORDER BY sJudgedBy
