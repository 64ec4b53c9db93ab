-- The holds changed since this instance last looked (version above :#sinceVersion is checked per site in Java; the
-- filter here keeps the read small): what is left of each on the database's clock, in milliseconds (<= 0: released).
SELECT sSite, CAST(extract(EPOCH FROM (tsUntil - clock_timestamp())) * 1000 AS BIGINT) AS leftMillis, sReason, sSetBy,
       iVersion
  FROM SluiceSiteHold
 WHERE sSetBy <> :#instanceId AND tsUntil > clock_timestamp() - INTERVAL '1 minute'
