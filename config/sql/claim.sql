-- Claims up to :#batchSize due Pending broadlog rows for this instance by stamping a fresh claim token and
-- a lease end on them. Portable: PostgreSQL 15+ and H2 in PostgreSQL mode run this same text
-- (on PostgreSQL the default is claim-postgresql.sql: same contract, read through the indexes).
--  * FOR UPDATE SKIP LOCKED lets concurrent instances take disjoint batches instead of queueing.
--  * The lease test is repeated in WHEN MATCHED: PostgreSQL re-checks it on the latest row version when two
--    claims race for the same row, so a row is never taken twice while its lease runs.
--  * Only rows of deliveries In progress (55/62) are taken, and none of a delivery outside its sending window
--    (closedDeliveries ",12,15,", computed by io.sluice.lifecycle.DeliveryBoard). Rows whose delivery row is missing are
--    claimed so that they end Failed with a reason instead of staying Pending forever.
--  * Fair share between deliveries: rows are ranked within their delivery (iTurn) and offered turn by turn, so
--    one huge delivery does not starve a small one (each gets its first row before any gets its second).
--  * A capped delivery (SluiceDeliveryControl.iMaxRate) gets rows only up to cap x capHorizonSeconds claimed
--    and not yet sent (busy: leased up to a lease taken now, i.e. not parked for later), across all instances.
--    An uncapped one may offer up to claimCandidates rows (it used to be batchSize: with a single delivery only one
--    batch was offered however large the spread, so instances polling in the same second shared one batch).
--  * The locking select is kept apart from the ranking (FOR UPDATE is not allowed with window functions): the
--    ranking names the best claimCandidates rows (sluice.claim.spread x batch), the locking select takes batchSize of them
--    that no other instance holds, in an order shuffled per claim (claimSalt). So two instances polling at the
--    same moment both get a full batch instead of the second finding the same rows locked, and the pick stays a
--    fair sample of the deliveries' turns.
--  * The offered rows are JOINed, not tested with IN (subquery): H2 re-checks a FOR UPDATE row's condition after
--    locking it, and a lock invalidates its subquery cache, so an IN re-ran the whole ranking per row (the demo
--    claimed nothing). FOR UPDATE OF b locks the broadlog rows only (PostgreSQL refuses to lock a ranked subquery).
--  * MERGE ... USING, not UPDATE ... WHERE id IN (subquery): H2 re-runs such a subquery per row (9 s for
--    2,000 rows here) while it runs this form once (0.2 s).
MERGE INTO NmsBroadLogRcp t
USING (SELECT b.iBroadLogId
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
        FOR UPDATE OF b SKIP LOCKED) picked
   ON t.iBroadLogId = picked.iBroadLogId
 WHEN MATCHED AND (t.tsLeaseUntil IS NULL OR t.tsLeaseUntil < :#now) THEN
      UPDATE SET sClaimToken = :#claimToken, sClaimedBy = :#instanceId, tsLeaseUntil = :#leaseUntil
