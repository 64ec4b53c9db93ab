-- Reads back the rows one claim took, with what is needed to build and qualify each message.
-- LEFT JOINs: a missing recipient or delivery row must end as a Failed row with a reason, not vanish.
-- Ordered turn by turn between deliveries (as claimed): the sender threads take them in this order, so a small
-- delivery's rows are not queued behind all of a big one's.
SELECT b.iBroadLogId      AS broadlog_id,
       b.iDeliveryId      AS delivery_id,
       b.iRecipientId     AS recipient_id,
       b.iRetry           AS retry,
       b.sAddress         AS address,
       b.sClaimToken      AS claim_token,
       b.tsLeaseUntil     AS lease_until,
       r.iRecipientId     AS recipient_found,
       r.sEmail           AS email,
       r.sFirstName       AS first_name,
       r.sLastName        AS last_name,
       r.iBlackList       AS black_list,
       d.iDeliveryId      AS delivery_found,
       d.sInternalName    AS delivery_name,
       d.sMailFrom        AS mail_from,
       d.sSubject         AS subject,
       d.mHtml            AS html,
       d.mText            AS text,
       d.iRetryCount      AS retry_count,
       d.iRetryPeriodSec  AS retry_period_sec,
       d.tsValidity       AS validity,
       ROW_NUMBER() OVER (PARTITION BY b.iDeliveryId ORDER BY b.tsNextTry, b.iBroadLogId) AS claim_turn
  FROM NmsBroadLogRcp b
  LEFT JOIN NmsRecipient r ON r.iRecipientId = b.iRecipientId
  LEFT JOIN NmsDelivery d ON d.iDeliveryId = b.iDeliveryId
 WHERE b.sClaimToken = :#claimToken
 ORDER BY claim_turn, b.iDeliveryId
