-- An operator ended a site's hold early on one instance (reset, probe now, set rate): the others end theirs too.
UPDATE SluiceSiteHold
   SET tsUntil = clock_timestamp(), sReason = :#reason, sSetBy = :#instanceId, iVersion = iVersion + 1
 WHERE sSite = :#site AND tsUntil > clock_timestamp()
