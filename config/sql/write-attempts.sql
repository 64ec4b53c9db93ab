-- Logs the attempts of one write batch (io.sluice.broadlog.AttemptLogRows: one row per delivery, domain, second,
-- outcome and reply, with its count), run in one JDBC batch after write-result.sql by routes/results.xml (step
-- log-attempts). Read back, summed, by the diagnosis report (report-attempt-log.sql).
INSERT INTO SluiceAttemptLog (iDeliveryId, sDomain, tsBucket, sOutcome, sText, iCount)
VALUES (:#deliveryId, :#domain, :#bucket, :#outcome, :#text, :#count)
