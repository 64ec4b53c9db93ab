-- Diagnosis report: the first and last attempt of the delivery's rows and their last change. The report covers the
-- delivery's creation (or its first attempt, if earlier) to now, or to its last change once it is Finished.
SELECT MIN(tsEvent) AS first_attempt, MAX(tsEvent) AS last_attempt, MAX(tsLastModified) AS last_modified
  FROM NmsBroadLogRcp
 WHERE iDeliveryId = :#deliveryId
