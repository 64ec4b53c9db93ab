-- One instance's share of a receiver's rate, measured at a renewal of its quota (io.sluice.flowcontrol.QuotaShare),
-- placed on the database's clock by its age; it replaces the instance's previous one (io.sluice.cluster.SharedFlowState).
INSERT INTO SluiceQuotaShare (sSite, sInstance, tsRenewal, fShare, iNew)
VALUES (:#site, :#instanceId, CURRENT_TIMESTAMP - make_interval(secs => CAST(:#ageMillis AS DOUBLE PRECISION) / 1000),
        :#share, 1)
ON CONFLICT (sSite, sInstance) DO UPDATE
   SET tsRenewal = EXCLUDED.tsRenewal, fShare = EXCLUDED.fShare, iNew = 1
