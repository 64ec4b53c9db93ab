-- Diagnosis report: the messages (NmsBroadLogMsg) the delivery's rows hold as their last failure, read once so that
-- each is classified once (deferred or refused, or not) for the timelines.
SELECT iBroadLogMsgId AS msg_id, sText AS reply_text, iFailureReason AS failure_reason
  FROM NmsBroadLogMsg
 WHERE iBroadLogMsgId IN (SELECT DISTINCT iMsgId FROM NmsBroadLogRcp WHERE iDeliveryId = :#deliveryId)
