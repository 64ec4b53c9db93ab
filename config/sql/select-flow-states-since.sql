-- The sites whose shared flow-control state changed lately (io.sluice.cluster.SharedFlowState, route site-holds), with
-- their version: each is followed once per new version. A look-back in time, not "versions above the last seen": a
-- change is visible only once committed, and commits do not come in version order across sites.
SELECT sSite, sState, iVersion, coalesce(sUpdatedBy, 'unknown')
  FROM SluiceFlowState
 WHERE tsUpdated > clock_timestamp() - :#lookbackMillis * INTERVAL '1 millisecond'
