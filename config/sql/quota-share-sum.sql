-- The shares of a site's latest renewal, one per instance, added up (io.sluice.cluster.SharedFlowState, in the
-- judgement's transaction). Every instance sees the receiver renew at once, give or take its own send interval and
-- clock, so the shares renewed within :#groupMillis of the latest belong to it. Each instance reports at its window's
-- close, so once the renewal is :#windowMillis old every share of it is in: only then is it settled (learned earlier,
-- the first instance's share alone was taken for the receiver's rate). Returns the sum, how many shares, 1 when one of
-- them was not added up yet, and 1 when the renewal is settled.
WITH latest AS (SELECT MAX(tsRenewal) AS t FROM SluiceQuotaShare WHERE sSite = :#site)
SELECT COALESCE(SUM(s.fShare), 0), COUNT(s.fShare), COALESCE(MAX(s.iNew), 0),
       CASE WHEN MAX(latest.t) <= CURRENT_TIMESTAMP - make_interval(secs => CAST(:#windowMillis AS DOUBLE PRECISION) / 1000)
            THEN 1 ELSE 0 END
  FROM latest
  LEFT JOIN SluiceQuotaShare s
    ON s.sSite = :#site
   AND s.tsRenewal >= latest.t - make_interval(secs => CAST(:#groupMillis AS DOUBLE PRECISION) / 1000)
