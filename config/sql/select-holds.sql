-- The holds other instances set or ended within the last minute, with their version (io.sluice.cluster.SharedHolds
-- follows each site once per new version) and what is left of each on the database's clock, in milliseconds
-- (<= 0: released).
SELECT sSite, CAST(extract(EPOCH FROM (tsUntil - clock_timestamp())) * 1000 AS BIGINT) AS leftMillis, sReason, sSetBy,
       iVersion
  FROM SluiceSiteHold
 WHERE sSetBy <> :#instanceId AND tsUntil > clock_timestamp() - INTERVAL '1 minute'
