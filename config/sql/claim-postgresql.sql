-- The claim for PostgreSQL (any version with LATERAL, 9.5+): the same contract as claim.sql (delivery states,
-- sending windows, missing delivery rows, fair share turn by turn, caps across instances, spread + shuffle
-- between instances: see there), without ranking every due row of the table on each poll.
--  * pending: the deliveries that have Pending rows, found by a loose index scan (a recursive step per delivery on
--    the index (iStatus, iDeliveryId, ...)), not by reading the rows. A delivery whose row is missing is kept, so its
--    rows end Failed with a reason instead of staying Pending forever.
--  * open: those In progress (55/62) or missing, outside closedDeliveries (DeliveryBoard: sending windows), each with
--    its budget (cap x capHorizonSeconds minus what is claimed and not yet sent; no limit when uncapped).
--  * Fair share by water-filling in two rounds, each delivery's rows read from the index (iStatus, iDeliveryId,
--    tsNextTry, iBroadLogId) in turn order with a LIMIT: turn1 gives every open delivery an equal share of
--    claimCandidates; what the deliveries with fewer due rows left over is shared in turn2 among those that filled
--    their share. About claimCandidates rows are read per poll (plus one index probe per delivery), however large
--    the backlog: 0.75 s -> see docs/reliability.md for the figures at 1,000,000 rows.
--  * The best claimCandidates by turn are offered to the locking select, as in claim.sql.
-- sluice.claim.sql = auto selects it on PostgreSQL (application.properties).
UPDATE NmsBroadLogRcp
   SET sClaimToken = :#claimToken, sClaimedBy = :#instanceId, tsLeaseUntil = :#leaseUntil
 WHERE iBroadLogId IN (
       WITH RECURSIVE pending (iDeliveryId) AS (
              -- ORDER BY (iStatus, iDeliveryId, tsNextTry), not MIN(): so the step is one probe of the index (iStatus,
              -- iDeliveryId, ...), not a walk over the next delivery's final rows in the index (iDeliveryId, iStatus)
              (SELECT p.iDeliveryId FROM NmsBroadLogRcp p WHERE p.iStatus = 6
                ORDER BY p.iStatus, p.iDeliveryId, p.tsNextTry LIMIT 1)
              UNION ALL
              SELECT (SELECT p.iDeliveryId FROM NmsBroadLogRcp p
                       WHERE p.iStatus = 6 AND p.iDeliveryId > pending.iDeliveryId
                       ORDER BY p.iStatus, p.iDeliveryId, p.tsNextTry LIMIT 1)
                FROM pending
               WHERE pending.iDeliveryId IS NOT NULL),
            open AS (
              SELECT pending.iDeliveryId,
                     -- the in-flight count is read for capped deliveries only (a CASE, not COALESCE: PostgreSQL
                     -- would run the count for every delivery)
                     CASE WHEN ctl.iMaxRate IS NULL THEN :#claimCandidates
                          ELSE ctl.iMaxRate * :#capHorizonSeconds
                               - (SELECT COUNT(*) FROM NmsBroadLogRcp f
                                   WHERE f.iDeliveryId = pending.iDeliveryId AND f.iStatus = 6
                                     AND f.tsLeaseUntil >= :#now AND f.tsLeaseUntil <= :#leaseUntil) END AS iBudget
                FROM pending
                LEFT JOIN NmsDelivery d ON d.iDeliveryId = pending.iDeliveryId
                LEFT JOIN SluiceDeliveryControl ctl ON ctl.iDeliveryId = pending.iDeliveryId AND ctl.iMaxRate > 0
               WHERE pending.iDeliveryId IS NOT NULL
                 AND (d.iDeliveryId IS NULL OR d.iState IN (55, 62))
                 AND CAST(:#closedDeliveries AS VARCHAR) NOT LIKE ('%,' || CAST(pending.iDeliveryId AS VARCHAR(20)) || ',%')),
            share1 AS (
              SELECT CAST(CEIL(CAST(:#claimCandidates AS NUMERIC) / GREATEST(COUNT(*), 1)) AS INTEGER) AS iShare
                FROM open),
            turn1 AS (
              SELECT open.iDeliveryId, open.iBudget, t.iBroadLogId, t.tsNextTry, t.iTurn
                FROM open
                CROSS JOIN share1
                CROSS JOIN LATERAL (
                      SELECT c.iBroadLogId, c.tsNextTry,
                             ROW_NUMBER() OVER (ORDER BY c.tsNextTry, c.iBroadLogId) AS iTurn
                        FROM NmsBroadLogRcp c
                       WHERE c.iStatus = 6
                         AND c.iDeliveryId = open.iDeliveryId
                         AND c.tsNextTry <= :#now
                         AND (c.tsLeaseUntil IS NULL OR c.tsLeaseUntil < :#now)
                       ORDER BY c.tsNextTry, c.iBroadLogId
                       LIMIT GREATEST(LEAST(open.iBudget, share1.iShare), 0)) t),
            more AS (
              SELECT f.iDeliveryId, f.iBudget, COUNT(*) AS iTaken
                FROM turn1 f
                CROSS JOIN share1
               GROUP BY f.iDeliveryId, f.iBudget, share1.iShare
              HAVING COUNT(*) = share1.iShare AND f.iBudget > share1.iShare),
            share2 AS (
              SELECT CAST(CEIL(CAST(GREATEST(:#claimCandidates - (SELECT COUNT(*) FROM turn1), 0) AS NUMERIC)
                               / GREATEST(COUNT(*), 1)) AS INTEGER) AS iShare
                FROM more),
            turn2 AS (
              -- ROW_NUMBER runs before OFFSET: iTurn stays the row's turn within its delivery
              SELECT t.iBroadLogId, t.tsNextTry, t.iTurn
                FROM more
                CROSS JOIN share2
                CROSS JOIN LATERAL (
                      SELECT c.iBroadLogId, c.tsNextTry,
                             ROW_NUMBER() OVER (ORDER BY c.tsNextTry, c.iBroadLogId) AS iTurn
                        FROM NmsBroadLogRcp c
                       WHERE c.iStatus = 6
                         AND c.iDeliveryId = more.iDeliveryId
                         AND c.tsNextTry <= :#now
                         AND (c.tsLeaseUntil IS NULL OR c.tsLeaseUntil < :#now)
                       ORDER BY c.tsNextTry, c.iBroadLogId
                      OFFSET more.iTaken
                       LIMIT GREATEST(LEAST(more.iBudget - more.iTaken, share2.iShare), 0)) t)
       SELECT b.iBroadLogId
         FROM (SELECT u.iBroadLogId
                 FROM (SELECT turn1.iBroadLogId, turn1.tsNextTry, turn1.iTurn FROM turn1
                       UNION ALL
                       SELECT turn2.iBroadLogId, turn2.tsNextTry, turn2.iTurn FROM turn2) u
                ORDER BY u.iTurn, u.tsNextTry, u.iBroadLogId
                LIMIT :#claimCandidates) offered
         JOIN NmsBroadLogRcp b ON b.iBroadLogId = offered.iBroadLogId
        WHERE b.iStatus = 6
          AND (b.tsLeaseUntil IS NULL OR b.tsLeaseUntil < :#now)
        ORDER BY MOD(b.iBroadLogId * :#claimSalt, 1000003)
        LIMIT :#batchSize
        FOR UPDATE OF b SKIP LOCKED)
   AND (tsLeaseUntil IS NULL OR tsLeaseUntil < :#now)
