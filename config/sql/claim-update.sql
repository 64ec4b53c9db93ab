-- Claim variant for PostgreSQL < 15 (no MERGE): same contract as claim.sql; select it with
-- sluice.claim.sql = claim-update.sql. Correct on any PostgreSQL (the lease test is re-checked on the
-- latest row version), but H2 evaluates its IN-subquery row by row: use claim.sql on the embedded database.
UPDATE NmsBroadLogRcp
   SET sClaimToken = :#claimToken, sClaimedBy = :#instanceId, tsLeaseUntil = :#leaseUntil
 WHERE iBroadLogId IN (
         SELECT b.iBroadLogId
           FROM NmsBroadLogRcp b
          WHERE b.iStatus = 6
            AND b.tsNextTry <= :#now
            AND (b.tsLeaseUntil IS NULL OR b.tsLeaseUntil < :#now)
            AND NOT EXISTS (SELECT 1 FROM NmsDelivery d
                             WHERE d.iDeliveryId = b.iDeliveryId AND d.iState NOT IN (55, 62))
          ORDER BY b.tsNextTry, b.iBroadLogId
          LIMIT :#batchSize
          FOR UPDATE SKIP LOCKED)
   AND (tsLeaseUntil IS NULL OR tsLeaseUntil < :#now)
