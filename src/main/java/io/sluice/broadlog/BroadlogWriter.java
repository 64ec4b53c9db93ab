package io.sluice.broadlog;

import io.sluice.result.DeliveryResult;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a group of {@link DeliveryResult}s into the parameters of the write-back statement
 * ({@code sluice.writer.sql}), resolving each failure text to its NmsBroadLogMsg id and counting occurrences:
 * <ul>
 *   <li>{@link Shape#ROWS}: one parameter map per result, for {@code write-result.sql} run by camel-sql as one
 *       JDBC batch (portable);</li>
 *   <li>{@link Shape#ARRAYS}: one map of parallel arrays, for {@code write-result-postgresql.sql}, one
 *       {@code UPDATE ... FROM unnest(...)} per group (times as microseconds since the epoch).</li>
 * </ul>
 */
public final class BroadlogWriter {

    /** What {@link #toParameters} hands to camel-sql. */
    public enum Shape {
        /** A list of parameter maps (camel-sql {@code batch=true}). */
        ROWS,
        /** One map of arrays (camel-sql {@code batch=false}). */
        ARRAYS;

        /** The shape a write-back statement file takes: arrays for the unnest form, rows otherwise. */
        public static Shape of(String statementFile) {
            return statementFile.endsWith("-postgresql.sql") ? ARRAYS : ROWS;
        }
    }

    private final BroadlogMessageCatalog catalog;
    private final Shape shape;

    public BroadlogWriter(BroadlogMessageCatalog catalog, Shape shape) {
        this.catalog = catalog;
        this.shape = shape;
    }

    public Object toParameters(List<DeliveryResult> results) throws SQLException {
        Long[] msgIds = messageIds(results);
        return shape == Shape.ARRAYS ? arrays(results, msgIds) : rows(results, msgIds);
    }

    /** NmsBroadLogMsg id of each result's failure text (null when none); counts the occurrences. */
    private Long[] messageIds(List<DeliveryResult> results) throws SQLException {
        Long[] ids = new Long[results.size()];
        Map<Long, Integer> occurrences = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            DeliveryResult r = results.get(i);
            if (r.message() != null) {
                ids[i] = catalog.idOf(r.message());
                occurrences.merge(ids[i], 1, Integer::sum);
            }
        }
        catalog.addOccurrences(occurrences);
        return ids;
    }

    private static List<Map<String, Object>> rows(List<DeliveryResult> results, Long[] msgIds) {
        List<Map<String, Object>> rows = new ArrayList<>(results.size());
        for (int i = 0; i < msgIds.length; i++) {
            DeliveryResult r = results.get(i);
            Map<String, Object> p = new HashMap<>();
            p.put("broadlogId", r.broadlogId());
            p.put("claimToken", r.claimToken());
            p.put("status", r.status());
            p.put("msgId", msgIds[i]);
            p.put("retry", r.retry());
            p.put("nextTry", Timestamp.from(r.nextTry()));
            p.put("eventTime", Timestamp.from(r.eventTime()));
            p.put("address", truncate(r.address(), 1000));
            p.put("domain", truncate(r.domain(), 255));
            rows.add(p);
        }
        return rows;
    }

    private static Map<String, Object> arrays(List<DeliveryResult> results, Long[] msgIds) {
        int n = msgIds.length;
        Long[] broadlogIds = new Long[n];
        String[] claimTokens = new String[n];
        Integer[] statuses = new Integer[n];
        Integer[] retries = new Integer[n];
        Long[] nextTries = new Long[n];
        Long[] eventTimes = new Long[n];
        String[] addresses = new String[n];
        String[] domains = new String[n];
        for (int i = 0; i < n; i++) {
            DeliveryResult r = results.get(i);
            broadlogIds[i] = r.broadlogId();
            claimTokens[i] = r.claimToken();
            statuses[i] = r.status();
            retries[i] = r.retry();
            nextTries[i] = micros(r.nextTry());
            eventTimes[i] = micros(r.eventTime());
            addresses[i] = truncate(r.address(), 1000);
            domains[i] = truncate(r.domain(), 255);
        }
        Map<String, Object> p = new HashMap<>();
        p.put("broadlogIds", broadlogIds);
        p.put("claimTokens", claimTokens);
        p.put("statuses", statuses);
        p.put("msgIds", msgIds);
        p.put("retries", retries);
        p.put("nextTries", nextTries);
        p.put("eventTimes", eventTimes);
        p.put("addresses", addresses);
        p.put("domains", domains);
        return p;
    }

    /** Microseconds since the epoch: PostgreSQL's own precision (a Timestamp parameter is rounded to it too). */
    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
