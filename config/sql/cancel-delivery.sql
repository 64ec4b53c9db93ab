-- Stop: every Pending row of the stopped delivery becomes Delivery cancelled (7), as Campaign does on an
-- operator's cancel. Claims are kept on purpose: a message already on the wire when the delivery stopped
-- still writes its real outcome (Sent, say) over the 7 through its claim token; nothing else of it is sent
-- (the check before each send cancels the rest).
UPDATE NmsBroadLogRcp
   SET iStatus = 7,
       iMsgId = :#cancelledMsgId,
       tsLastModified = :#now
 WHERE iDeliveryId = :#deliveryId
   AND iStatus = 6
