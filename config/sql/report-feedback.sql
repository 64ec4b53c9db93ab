-- Diagnosis report, "after the 250": what the bounce mailbox (routes/bounces.camel.yaml) matched to this delivery's
-- messages, per domain and kind (HARD, SOFT, COMPLAINT, AUTO_REPLY; see SluiceInboundMail in schema.sql). A message
-- bounced twice, or complained about twice, counts once. Unmatched mail has no delivery and is not counted here.
SELECT COALESCE(sDomain, '(unknown)')                              AS domain_name,
       sKind                                                       AS mail_kind,
       COUNT(DISTINCT COALESCE(iBroadLogId, -iInboundMailId))      AS message_count
  FROM SluiceInboundMail
 WHERE iDeliveryId = :#deliveryId
   AND sKind IN ('HARD', 'SOFT', 'COMPLAINT', 'AUTO_REPLY')
 GROUP BY COALESCE(sDomain, '(unknown)'), sKind
