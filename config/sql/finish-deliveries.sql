-- A delivery in progress whose broadlog rows are all final (none Pending) is Finished (95).
UPDATE NmsDelivery
   SET iState = 95, tsLastModified = :#now
 WHERE iState IN (55, 62)
   AND NOT EXISTS (SELECT 1 FROM NmsBroadLogRcp b
                    WHERE b.iDeliveryId = NmsDelivery.iDeliveryId AND b.iStatus = 6)
