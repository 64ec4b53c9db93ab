-- Diagnosis report: the flow-control events of the report's period (SluiceFlowEvent, written by
-- io.sluice.history.FlowEventStore; sDomain NULL = the sender's own state), in the order they happened. The report
-- reads at most a bounded number of them (ReportLoader.MAX_EVENTS).
SELECT tsEvent    AS event_at,
       sDomain    AS domain_name,
       sKind      AS event_kind,
       sFromState AS from_state,
       sToState   AS to_state,
       dFromRate  AS from_rate,
       dToRate    AS to_rate,
       sCause     AS cause,
       tsUntil    AS until_at
  FROM SluiceFlowEvent
 WHERE tsEvent >= :#periodStart AND tsEvent <= :#periodEnd
 ORDER BY tsEvent, iFlowEventId
