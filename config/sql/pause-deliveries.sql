-- Pause requested (71) or in progress (72) -> Paused (75) once none of the delivery's messages is in flight:
-- no Pending row holds a lease taken before now (claimed and not yet sent or released). Parked rows hold a
-- lease beyond a lease taken now and stay parked while the delivery is paused.
UPDATE NmsDelivery
   SET iState = 75, tsLastModified = :#now
 WHERE iState IN (71, 72)
   -- a scalar probe per pausing delivery (index iDeliveryId, iStatus) rather than NOT EXISTS, so that the
   -- broadlog is read only for deliveries in 71/72 (LargeBroadlogQueryPlanTest)
   AND (SELECT b.iBroadLogId FROM NmsBroadLogRcp b
         WHERE b.iDeliveryId = NmsDelivery.iDeliveryId
           AND b.iStatus = 6
           AND b.tsLeaseUntil >= :#now
           AND b.tsLeaseUntil <= :#leaseUntil
         FETCH FIRST 1 ROWS ONLY) IS NULL
