-- Validity: once a delivery's tsValidity has passed, its remaining Pending rows (waiting for a retry, for
-- their sending window, parked, or of a paused delivery) fail as Campaign does: Failed (2), soft, with the
-- message "Validity period of the delivery has expired". Claims are kept: a message already on the wire still
-- writes its real outcome. finish-deliveries.sql then finishes the delivery.
UPDATE NmsBroadLogRcp
   SET iStatus = 2,
       iMsgId = :#expiredMsgId,
       tsEvent = :#now,
       tsLastModified = :#now
 WHERE iStatus = 6
   AND iDeliveryId IN (SELECT d.iDeliveryId FROM NmsDelivery d
                        WHERE d.iState IN (51, 55, 61, 62, 71, 72, 75)
                          AND d.tsValidity < :#now)
