-- Claim variant for PostgreSQL < 15 (no MERGE): same contract as claim.sql (delivery state, sending windows,
-- fair share between deliveries, caps: see there); select it with sluice.claim.sql = claim-update.sql.
-- Correct on any PostgreSQL (the lease test is re-checked on the latest row version), but H2 evaluates its
-- IN-subquery row by row: use claim.sql on the embedded database.
UPDATE NmsBroadLogRcp
   SET sClaimToken = :#claimToken, sClaimedBy = :#instanceId, tsLeaseUntil = :#leaseUntil
 WHERE iBroadLogId IN (
         SELECT b.iBroadLogId
           FROM (
                SELECT ranked.iBroadLogId
                  FROM (SELECT c.iBroadLogId, c.tsNextTry,
                               ROW_NUMBER() OVER (PARTITION BY c.iDeliveryId ORDER BY c.tsNextTry, c.iBroadLogId) AS iTurn,
                               COALESCE(ctl.iMaxRate * :#capHorizonSeconds - COALESCE(busy.iBusy, 0), :#claimCandidates) AS iBudget
                          FROM NmsBroadLogRcp c
                          LEFT JOIN NmsDelivery d ON d.iDeliveryId = c.iDeliveryId
                          LEFT JOIN SluiceDeliveryControl ctl ON ctl.iDeliveryId = c.iDeliveryId AND ctl.iMaxRate > 0
                          LEFT JOIN (SELECT f.iDeliveryId, COUNT(*) AS iBusy
                                       FROM NmsBroadLogRcp f
                                      WHERE f.iStatus = 6
                                        AND f.tsLeaseUntil >= :#now AND f.tsLeaseUntil <= :#leaseUntil
                                        AND f.iDeliveryId IN (SELECT x.iDeliveryId FROM SluiceDeliveryControl x WHERE x.iMaxRate > 0)
                                      GROUP BY f.iDeliveryId) busy ON busy.iDeliveryId = c.iDeliveryId
                         WHERE c.iStatus = 6
                           AND c.tsNextTry <= :#now
                           AND (c.tsLeaseUntil IS NULL OR c.tsLeaseUntil < :#now)
                           AND (d.iDeliveryId IS NULL OR d.iState IN (55, 62))
                           AND CAST(:#closedDeliveries AS VARCHAR) NOT LIKE ('%,' || CAST(c.iDeliveryId AS VARCHAR(20)) || ',%')) ranked
                 WHERE ranked.iTurn <= ranked.iBudget
                 ORDER BY ranked.iTurn, ranked.tsNextTry, ranked.iBroadLogId
                 LIMIT :#claimCandidates) offered
          JOIN NmsBroadLogRcp b ON b.iBroadLogId = offered.iBroadLogId
          WHERE b.iStatus = 6
            AND (b.tsLeaseUntil IS NULL OR b.tsLeaseUntil < :#now)
          ORDER BY MOD(b.iBroadLogId * :#claimSalt, 1000003)
          LIMIT :#batchSize
          FOR UPDATE OF b SKIP LOCKED)
   AND (tsLeaseUntil IS NULL OR tsLeaseUntil < :#now)
