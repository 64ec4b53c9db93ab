-- The instance that brings a parked message back from the broker takes its row over (with one shared broker, any
-- instance may): the instance that parked it, stopping or taken for dead, then no longer gives the row back while it
-- is being sent here, which let another claim send it a second time. 0 rows: the row is no longer under this claim
-- (given back, or sent); select-parked.sql then skips the message.
UPDATE NmsBroadLogRcp
   SET sClaimedBy = :#instanceId
 WHERE iBroadLogId = :#broadlogId
   AND sClaimToken = :#claimToken
   AND iStatus = 6
