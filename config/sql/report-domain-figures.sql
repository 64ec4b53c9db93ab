-- Diagnosis report: the delivery's rows counted per domain, status (iStatus) and last message (the text and Campaign
-- failure reason of the row's last failure; '' and 0 when it has none), with the soft failures retried so far
-- (iRetry). A few hundred groups whatever the size of the delivery: the per-domain table and the top replies.
-- A row without a domain (its address could not be parsed) counts under '(invalid address)'.
SELECT COALESCE(b.sDomain, '(invalid address)') AS domain_name,
       b.iStatus                                AS row_status,
       COALESCE(m.sText, '')                    AS reply_text,
       COALESCE(m.iFailureReason, 0)            AS failure_reason,
       COUNT(*)                                 AS row_count,
       COALESCE(SUM(b.iRetry), 0)               AS retries
  FROM NmsBroadLogRcp b
  LEFT JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId
 WHERE b.iDeliveryId = :#deliveryId
 GROUP BY COALESCE(b.sDomain, '(invalid address)'), b.iStatus, COALESCE(m.sText, ''), COALESCE(m.iFailureReason, 0)
