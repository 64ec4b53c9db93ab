-- The console's timeline of one site (io.sluice.dashboard.SiteTimeline): its flow-control changes since a moment
-- (SluiceFlowEvent, written by io.sluice.history.FlowEventStore), oldest first, at most 2,000 (index
-- SluiceFlowEvent_domainEvent).
SELECT tsEvent    AS event_at,
       sFromState AS from_state,
       sToState   AS to_state,
       dToRate    AS to_rate,
       sCause     AS cause
  FROM SluiceFlowEvent
 WHERE sDomain = :#site
   AND tsEvent >= :#since
 ORDER BY tsEvent, iFlowEventId
 FETCH FIRST 2000 ROWS ONLY
