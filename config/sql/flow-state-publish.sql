-- A change made on this instance between judgements (an operator's command, a rule, the end of a suspension), for the
-- others to follow (io.sluice.cluster.SharedFlowState). Compare-and-set: written only if nobody changed the site since
-- this instance last read it; otherwise nothing is written and this instance follows the newer state.
UPDATE SluiceFlowState
   SET sState = :#state, iVersion = iVersion + 1, sUpdatedBy = :#instanceId,
       tsUpdated = clock_timestamp()
 WHERE sSite = :#site AND iVersion = :#version
RETURNING iVersion
