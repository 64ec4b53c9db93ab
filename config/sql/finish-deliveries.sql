-- A delivery in progress whose broadlog rows are all final (none Pending) is Finished (95); so is a paused one
-- whose validity has passed (its rows were failed by expire-deliveries.sql). A Stopped delivery stays Stopped.
-- A delivery without any broadlog row yet waits for them: it may have been started before an ETL (or Campaign's
-- own analysis) writes its rows in a later transaction. It is finished only once it started (its last change:
-- the start, 51 -> 55 here, or its insert already In progress) before :#emptyStartedBefore, i.e. now minus
-- sluice.lifecycle.empty-delivery-grace. Rows written after that are failed by fail-late-rows.sql, with a reason.
UPDATE NmsDelivery
   SET iState = 95, tsLastModified = :#now
 WHERE (iState IN (55, 62) OR (iState IN (71, 72, 75) AND tsValidity < :#now))
   AND NOT EXISTS (SELECT 1 FROM NmsBroadLogRcp b
                    WHERE b.iDeliveryId = NmsDelivery.iDeliveryId AND b.iStatus = 6)
   -- no start time known (both NULL): finished as soon as it is empty
   AND (COALESCE(tsLastModified, tsCreated) IS NULL
        OR COALESCE(tsLastModified, tsCreated) < :#emptyStartedBefore
        -- a scalar probe (index iDeliveryId, iStatus), not EXISTS: see select-stopping.sql
        OR (SELECT b.iBroadLogId FROM NmsBroadLogRcp b
             WHERE b.iDeliveryId = NmsDelivery.iDeliveryId
             FETCH FIRST 1 ROWS ONLY) IS NOT NULL)
