-- Finished deliveries (95) that have Pending rows: rows written after the delivery was finished (an ETL slower
-- than sluice.lifecycle.empty-delivery-grace, or a second import). The claim never takes them (it takes rows of
-- deliveries In progress only), so the lifecycle route fails them one delivery at a time (fail-late-rows.sql).
-- Found from the Pending side, as claim-postgresql.sql does: a loose index scan (one probe of the index
-- (iStatus, iDeliveryId, ...) per delivery with Pending rows), so its cost follows the work in progress, not the
-- history: a probe per finished delivery (select-stopping.sql's form) grows with every delivery ever finished.
-- PostgreSQL 15, 1,000,000 Pending rows of 101 deliveries beside 10,000 finished ones: 6-20 ms either way.
-- The first step is a scalar subquery, not claim-postgresql.sql's (SELECT ... LIMIT 1): H2 2.5 fails that form
-- with an internal AssertionError under -ea; ORDER BY, not MIN(): see claim-postgresql.sql.
WITH RECURSIVE pending (iDeliveryId) AS (
       SELECT (SELECT p.iDeliveryId FROM NmsBroadLogRcp p WHERE p.iStatus = 6
                ORDER BY p.iStatus, p.iDeliveryId, p.tsNextTry LIMIT 1)
       UNION ALL
       SELECT (SELECT p.iDeliveryId FROM NmsBroadLogRcp p
                WHERE p.iStatus = 6 AND p.iDeliveryId > pending.iDeliveryId
                ORDER BY p.iStatus, p.iDeliveryId, p.tsNextTry LIMIT 1)
         FROM pending
        WHERE pending.iDeliveryId IS NOT NULL)
SELECT d.iDeliveryId AS delivery_id, d.sInternalName AS delivery_name
  FROM pending
  JOIN NmsDelivery d ON d.iDeliveryId = pending.iDeliveryId
 WHERE d.iState = 95
