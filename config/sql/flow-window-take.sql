-- Takes the window counts every instance added for a site since its last judgement (io.sluice.cluster.SharedFlowState),
-- in the judgement's transaction: a rolled-back judgement leaves them for the next.
DELETE FROM SluiceFlowWindow
 WHERE sSite = :#site
RETURNING iAttempts, iAccepted, iDeferrals, iConnectionFailures, iHardFailures, iPolicyFailures, iInternalFailures
