-- Claims up to :#batchSize due Pending broadlog rows for this instance by stamping a fresh claim token and
-- a lease end on them. Portable (PostgreSQL and H2 in PostgreSQL mode).
--  * FOR UPDATE SKIP LOCKED lets concurrent instances take disjoint batches instead of queueing.
--  * The lease test is repeated in the outer WHERE: PostgreSQL re-checks it on the latest row version when
--    two claims race for the same row, so a row is never taken twice while its lease runs.
--  * Rows of a delivery that is not in progress are left alone; rows whose delivery row is missing are
--    claimed so that they end Failed with a reason instead of staying Pending forever.
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
