-- Reads back the rows one claim took (view SluiceClaimedMessage in schema.sql: the row, its recipient and delivery,
-- and its address's quarantine status: MessagePreparer fails a quarantined or denylisted address unsent).
-- Ordered turn by turn between deliveries (as claimed): the sender threads take them in this order, so a small
-- delivery's rows are not queued behind all of a big one's. Not the delivery's subject, HTML and text: those are
-- read once per delivery (io.sluice.message.DeliveryContents), not once per row.
SELECT v.broadlog_id, v.status, v.delivery_id, v.recipient_id, v.retry, v.address, v.claim_token, v.lease_until,
       v.recipient_found, v.email, v.first_name, v.last_name, v.black_list, v.delivery_found, v.delivery_name,
       v.mail_from, v.retry_count, v.retry_period_sec, v.validity, v.next_try, v.address_status,
       ROW_NUMBER() OVER (PARTITION BY v.delivery_id ORDER BY v.next_try, v.broadlog_id) AS claim_turn
  FROM SluiceClaimedMessage v
 WHERE v.claim_token = :#claimToken
 ORDER BY claim_turn, v.delivery_id
