-- A site's flow-control state as it is now (io.sluice.cluster.FlowStateStore); 0 rows: a site not stored yet,
-- insert-flow-state.sql follows.
UPDATE SluiceFlowState
   SET sState = :#state,
       sUpdatedBy = :#instanceId,
       iVersion = iVersion + 1,
       tsUpdated = CURRENT_TIMESTAMP
 WHERE sSite = :#site
