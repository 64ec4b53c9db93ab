-- The site's settled shares are added up (io.sluice.cluster.SharedFlowState): none is added up again; a share of a
-- later renewal is new.
UPDATE SluiceQuotaShare
   SET iNew = 0
 WHERE sSite = :#site AND iNew = 1
   AND tsRenewal <= CURRENT_TIMESTAMP - make_interval(secs => CAST(:#windowMillis AS DOUBLE PRECISION) / 1000)
