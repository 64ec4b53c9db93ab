-- One instance's window of a site, added to what the other instances counted since the site's last judgement
-- (io.sluice.cluster.SharedFlowState; PostgreSQL only).
INSERT INTO SluiceFlowWindow AS w (sSite, iAttempts, iAccepted, iDeferrals, iConnectionFailures, iHardFailures,
                                   iPolicyFailures, iInternalFailures)
VALUES (:#site, :#attempts, :#accepted, :#deferrals, :#connectionFailures, :#hardFailures, :#policyFailures,
        :#internalFailures)
ON CONFLICT (sSite) DO UPDATE
   SET iAttempts = w.iAttempts + EXCLUDED.iAttempts, iAccepted = w.iAccepted + EXCLUDED.iAccepted,
       iDeferrals = w.iDeferrals + EXCLUDED.iDeferrals,
       iConnectionFailures = w.iConnectionFailures + EXCLUDED.iConnectionFailures,
       iHardFailures = w.iHardFailures + EXCLUDED.iHardFailures,
       iPolicyFailures = w.iPolicyFailures + EXCLUDED.iPolicyFailures,
       iInternalFailures = w.iInternalFailures + EXCLUDED.iInternalFailures
