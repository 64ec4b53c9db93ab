-- Diagnosis report (io.sluice.diagnosis): the delivery the report is about, its Campaign state (iState) and when it
-- was created. No row: the report answers "no delivery". Read-only, like every report-*.sql.
SELECT sInternalName AS internal_name, iState AS delivery_state, tsCreated AS created_at
  FROM NmsDelivery
 WHERE iDeliveryId = :#deliveryId
