-- A site held back on one instance (a reply rule's or an operator's suspension), for every instance to follow within
-- sluice.cluster.hold-poll (io.sluice.cluster.SharedHolds; PostgreSQL only). The end is stored on the database's clock
-- (now + what is left), so instances with different JVM clocks agree on it. Monotone: a shorter hold never shortens
-- a longer one in force; each change raises the version the others follow.
INSERT INTO SluiceSiteHold AS h (sSite, tsUntil, sReason, sSetBy, iVersion)
VALUES (:#site, clock_timestamp() + :#millis * INTERVAL '1 millisecond', :#reason, :#instanceId, 1)
ON CONFLICT (sSite) DO UPDATE
   SET tsUntil = EXCLUDED.tsUntil, sReason = EXCLUDED.sReason, sSetBy = EXCLUDED.sSetBy, iVersion = h.iVersion + 1
 WHERE h.tsUntil < EXCLUDED.tsUntil
