-- The console's timeline of one site (io.sluice.dashboard.SiteTimeline): every attempt to one of its recipient
-- domains since a moment, per second and outcome (SluiceAttemptLog, all deliveries; index
-- SluiceAttemptLog_domainBucket). Run once per domain of the site.
SELECT tsBucket    AS bucket_at,
       sOutcome    AS outcome,
       SUM(iCount) AS attempt_count
  FROM SluiceAttemptLog
 WHERE sDomain = :#domain
   AND tsBucket >= :#since
 GROUP BY tsBucket, sOutcome
