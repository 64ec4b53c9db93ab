package io.sluice.broadlog;

import io.sluice.result.DeliveryResult;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a batch of {@link DeliveryResult}s into the parameter rows of {@code write-result.sql} (run by
 * camel-sql in one JDBC batch), resolving each failure text to its NmsBroadLogMsg id and counting
 * occurrences.
 */
public final class BroadlogWriter {

    private final BroadlogMessageCatalog catalog;

    public BroadlogWriter(BroadlogMessageCatalog catalog) {
        this.catalog = catalog;
    }

    public List<Map<String, Object>> toParameters(List<DeliveryResult> results) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>(results.size());
        Map<Long, Integer> occurrences = new TreeMap<>();
        for (DeliveryResult r : results) {
            Long msgId = null;
            if (r.message() != null) {
                msgId = catalog.idOf(r.message());
                occurrences.merge(msgId, 1, Integer::sum);
            }
            Map<String, Object> p = new HashMap<>();
            p.put("broadlogId", r.broadlogId());
            p.put("claimToken", r.claimToken());
            p.put("status", r.status());
            p.put("msgId", msgId);
            p.put("retry", r.retry());
            p.put("nextTry", Timestamp.from(r.nextTry()));
            p.put("eventTime", Timestamp.from(r.eventTime()));
            p.put("address", truncate(r.address(), 1000));
            p.put("domain", truncate(r.domain(), 255));
            rows.add(p);
        }
        catalog.addOccurrences(occurrences);
        return rows;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
