-- Reads back one parked row when its scheduled time has come, if it is still ours (same claim token) and Pending
-- (view SluiceClaimedMessage in schema.sql: the row, its recipient and delivery; the same columns as
-- select-claimed.sql, without the delivery's templates).
SELECT v.broadlog_id, v.status, v.delivery_id, v.recipient_id, v.retry, v.address, v.claim_token, v.lease_until,
       v.recipient_found, v.email, v.first_name, v.last_name, v.black_list, v.delivery_found, v.delivery_name,
       v.mail_from, v.retry_count, v.retry_period_sec, v.validity, v.next_try, v.address_status
  FROM SluiceClaimedMessage v
 WHERE broadlog_id = :#broadlogId AND claim_token = :#claimToken AND status = 6
