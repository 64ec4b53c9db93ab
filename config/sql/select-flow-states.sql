-- Every stored flow-control state, read at start (io.sluice.cluster.FlowStateStore), with its version (the shared
-- state's compare-and-set, io.sluice.cluster.SharedFlowState).
SELECT sSite, sState, iVersion
  FROM SluiceFlowState
