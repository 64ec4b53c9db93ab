-- Reads back the rows one claim took (view SluiceClaimedMessage in schema.sql: the row, its recipient and delivery).
-- Ordered turn by turn between deliveries (as claimed): the sender threads take them in this order, so a small
-- delivery's rows are not queued behind all of a big one's.
SELECT v.*,
       ROW_NUMBER() OVER (PARTITION BY v.delivery_id ORDER BY v.next_try, v.broadlog_id) AS claim_turn
  FROM SluiceClaimedMessage v
 WHERE v.claim_token = :#claimToken
 ORDER BY claim_turn, v.delivery_id
