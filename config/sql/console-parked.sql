-- The console's destinations view (io.sluice.dashboard.Dashboard): the rows parked by flow control now, per recipient
-- domain, for every site at once: one query per refresh, however many sites (the Domain MBeans' ParkedMessages ask
-- once per domain). Parked rows are Pending (6) and due at the end of their park (park.sql, park-in-database.sql set
-- tsNextTry = tsLeaseUntil), so the index NmsBroadLogRcp_statusNextTry finds them without the rows due now.
SELECT b.sDomain  AS domain_name,
       COUNT(*)   AS parked
  FROM NmsBroadLogRcp b
  JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId
 WHERE b.iStatus = 6
   AND b.tsNextTry > CURRENT_TIMESTAMP
   AND b.tsLeaseUntil > CURRENT_TIMESTAMP
   AND m.sText IN (:#dynamicFlowControl, :#quotasMet)
 GROUP BY b.sDomain
