-- A site's first stored flow-control state (io.sluice.cluster.FlowStateStore).
INSERT INTO SluiceFlowState (sSite, sState, sUpdatedBy, tsUpdated)
VALUES (:#site, :#state, :#instanceId, CURRENT_TIMESTAMP)
