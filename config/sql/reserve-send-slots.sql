-- A block of send slots of one site for one instance (io.sluice.cluster.SharedSendSlots; PostgreSQL only). The site's
-- next free slot (the GCRA's theoretical arrival time) moves on by the block: from now when the site was idle (no
-- catch-up burst after a pause or an outage), else from where the last block of any instance ended, so blocks of
-- different instances never overlap. Nothing is reserved while the next free slot is more than the memory horizon
-- ahead: the instance then parks its mail and asks again later. One row out: granted, the block's end and the
-- database's clock, both as epoch microseconds (every instance reads time from here, not from its own JVM).
WITH reserved AS (
  INSERT INTO SluiceSendSlot AS s (sSite, tsNextFree, iBlockMicros)
  VALUES (:#site, clock_timestamp() + :#blockMicros * INTERVAL '1 microsecond', :#blockMicros)
  ON CONFLICT (sSite) DO UPDATE
     SET tsNextFree = greatest(s.tsNextFree, clock_timestamp()) + EXCLUDED.iBlockMicros * INTERVAL '1 microsecond',
         iBlockMicros = EXCLUDED.iBlockMicros
   WHERE s.tsNextFree <= clock_timestamp() + :#horizonMicros * INTERVAL '1 microsecond'
  RETURNING s.tsNextFree
)
SELECT TRUE AS granted, CAST(extract(EPOCH FROM tsNextFree) * 1000000 AS BIGINT) AS nextFreeMicros,
       CAST(extract(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT) AS nowMicros
  FROM reserved
UNION ALL
SELECT FALSE, CAST(extract(EPOCH FROM tsNextFree) * 1000000 AS BIGINT),
       CAST(extract(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)
  FROM SluiceSendSlot
 WHERE sSite = :#site AND NOT EXISTS (SELECT 1 FROM reserved)
