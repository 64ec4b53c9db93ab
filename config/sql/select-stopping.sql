-- Stopped deliveries (85) that still have Pending rows: the lifecycle route cancels them one by one.
SELECT d.iDeliveryId AS delivery_id
  FROM NmsDelivery d
 WHERE d.iState = 85
   -- a scalar probe per stopped delivery (index iDeliveryId, iStatus), not EXISTS: PostgreSQL turned EXISTS into
   -- a semi-join that read every pending row of the broadlog on each lifecycle tick (LargeBroadlogQueryPlanTest)
   AND (SELECT b.iBroadLogId FROM NmsBroadLogRcp b
         WHERE b.iDeliveryId = d.iDeliveryId AND b.iStatus = 6
         FETCH FIRST 1 ROWS ONLY) IS NOT NULL
