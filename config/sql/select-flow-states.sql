-- Every stored flow-control state, read at start (io.sluice.cluster.FlowStateStore).
SELECT sSite, sState
  FROM SluiceFlowState
