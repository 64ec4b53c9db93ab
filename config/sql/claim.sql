-- Claims up to :#batchSize due Pending broadlog rows for this instance by stamping a fresh claim token and
-- a lease end on them. Portable: PostgreSQL 15+ and H2 in PostgreSQL mode run this same text
-- (for PostgreSQL < 15 use claim-update.sql through sluice.claim.sql).
--  * FOR UPDATE SKIP LOCKED lets concurrent instances take disjoint batches instead of queueing.
--  * The lease test is repeated in WHEN MATCHED: PostgreSQL re-checks it on the latest row version when two
--    claims race for the same row, so a row is never taken twice while its lease runs.
--  * Rows of a delivery that is not in progress are left alone; rows whose delivery row is missing are
--    claimed so that they end Failed with a reason instead of staying Pending forever.
--  * MERGE ... USING, not UPDATE ... WHERE id IN (subquery): H2 re-runs such a subquery per row (9 s for
--    2,000 rows here) while it runs this form once (0.2 s).
MERGE INTO NmsBroadLogRcp t
USING (SELECT b.iBroadLogId
         FROM NmsBroadLogRcp b
        WHERE b.iStatus = 6
          AND b.tsNextTry <= :#now
          AND (b.tsLeaseUntil IS NULL OR b.tsLeaseUntil < :#now)
          AND NOT EXISTS (SELECT 1 FROM NmsDelivery d
                           WHERE d.iDeliveryId = b.iDeliveryId AND d.iState NOT IN (55, 62))
        ORDER BY b.tsNextTry, b.iBroadLogId
        LIMIT :#batchSize
        FOR UPDATE SKIP LOCKED) picked
   ON t.iBroadLogId = picked.iBroadLogId
 WHEN MATCHED AND (t.tsLeaseUntil IS NULL OR t.tsLeaseUntil < :#now) THEN
      UPDATE SET sClaimToken = :#claimToken, sClaimedBy = :#instanceId, tsLeaseUntil = :#leaseUntil
