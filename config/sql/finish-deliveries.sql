-- A delivery in progress whose broadlog rows are all final (none Pending) is Finished (95); so is a paused one
-- whose validity has passed (its rows were failed by expire-deliveries.sql). A Stopped delivery stays Stopped.
UPDATE NmsDelivery
   SET iState = 95, tsLastModified = :#now
 WHERE (iState IN (55, 62) OR (iState IN (71, 72, 75) AND tsValidity < :#now))
   AND NOT EXISTS (SELECT 1 FROM NmsBroadLogRcp b
                    WHERE b.iDeliveryId = NmsDelivery.iDeliveryId AND b.iStatus = 6)
