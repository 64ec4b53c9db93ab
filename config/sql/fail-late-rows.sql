-- Rows written after their delivery was Finished (95) would stay Pending for ever, unsent: they end Failed (2),
-- type ignored, with the message "The delivery was already finished when this message was added", so Campaign
-- and the report show them. The state is checked again here: a delivery restarted since
-- select-late-rows.sql read it keeps its rows Pending, and they are sent.
UPDATE NmsBroadLogRcp
   SET iStatus = 2,
       iMsgId = :#lateMsgId,
       tsEvent = :#now,
       tsLastModified = :#now
 WHERE iDeliveryId = :#deliveryId
   AND iStatus = 6
   AND (SELECT d.iState FROM NmsDelivery d WHERE d.iDeliveryId = :#deliveryId) = 95
