-- Stopped deliveries (85) that still have Pending rows: the lifecycle route cancels them one by one.
SELECT d.iDeliveryId AS delivery_id
  FROM NmsDelivery d
 WHERE d.iState = 85
   AND EXISTS (SELECT 1 FROM NmsBroadLogRcp b WHERE b.iDeliveryId = d.iDeliveryId AND b.iStatus = 6)
