-- A site's first shared flow-control state (io.sluice.cluster.SharedFlowState); nothing when another instance
-- stored it first (this one then follows that one). Not yet judged: its first window judgement is due at once.
INSERT INTO SluiceFlowState (sSite, sState, sUpdatedBy, tsUpdated, iVersion)
VALUES (:#site, :#state, :#instanceId, clock_timestamp(), 1)
ON CONFLICT (sSite) DO NOTHING
RETURNING iVersion
