-- Reads back one parked row when its scheduled time has come, if it is still ours (same claim token) and Pending
-- (view SluiceClaimedMessage in schema.sql: the row, its recipient and delivery).
SELECT *
  FROM SluiceClaimedMessage
 WHERE broadlog_id = :#broadlogId AND claim_token = :#claimToken AND status = 6
