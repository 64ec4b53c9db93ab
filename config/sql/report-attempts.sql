-- Diagnosis report: every attempted row of the delivery (streamed, in fetches of ReportLoader.FETCH_SIZE rows) with
-- its domain, the time of its last attempt, its status and last message: the sent and deferred bars of the timelines.
SELECT COALESCE(sDomain, '(invalid address)') AS domain_name,
       tsEvent                                AS attempted_at,
       iStatus                                AS row_status,
       iMsgId                                 AS msg_id
  FROM NmsBroadLogRcp
 WHERE iDeliveryId = :#deliveryId AND tsEvent IS NOT NULL
