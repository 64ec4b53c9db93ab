-- Diagnosis report: every attempt of the delivery (SluiceAttemptLog, written by the result writer's step
-- log-attempts), summed per domain, second, outcome and reply: the deferrals and refusals of messages sent in the
-- end, which NmsBroadLogRcp (each message's last failure only) does not keep. Streamed (io.sluice.diagnosis.
-- AttemptLogCounts); a database without the table, or without rows for the delivery, is reported from the broadlog.
SELECT COALESCE(sDomain, '(invalid address)') AS domain_name,
       tsBucket                               AS bucket_at,
       sOutcome                               AS outcome,
       COALESCE(sText, '')                    AS reply_text,
       SUM(iCount)                            AS attempt_count
  FROM SluiceAttemptLog
 WHERE iDeliveryId = :#deliveryId
 GROUP BY sDomain, tsBucket, sOutcome, sText
