package io.sluice.broadlog;

import io.sluice.flowcontrol.Outcome;
import io.sluice.flowcontrol.camel.FlowOutcomes;
import io.sluice.result.DeliveryResult;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a write batch of {@link DeliveryResult}s into the parameter rows of {@code write-attempts.sql}: every attempt's
 * outcome, counted per delivery, domain, second, outcome (as flow control counts it, {@link FlowOutcomes}) and
 * normalised reply, so that a batch of 200 results to a few domains is a handful of rows. Results without an attempt
 * (rows Sluice rejected, ended or parked before sending) are no attempt and are not logged.
 */
public final class AttemptLogRows {

    /** The time slice of a row: the report's timeline never draws finer than one second. */
    public static final ChronoUnit BUCKET = ChronoUnit.SECONDS;
    /** The stored columns' widths (SluiceAttemptLog.sDomain, sText). */
    static final int MAX_DOMAIN = 255;
    static final int MAX_TEXT = 1000;

    /** The grouping key of one row. */
    private record Key(long deliveryId, String domain, Instant bucket, Outcome outcome, String text) {
    }

    private final boolean enabled;

    /** Logging every attempt. */
    public AttemptLogRows() {
        this(true);
    }

    /** @param enabled {@code sluice.attempt-log.enabled}: false logs nothing (the report counts from the broadlog) */
    public AttemptLogRows(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return one parameter map per row, empty when the batch holds no attempt or the log is switched off */
    public List<Map<String, Object>> toParameters(List<DeliveryResult> results) {
        Objects.requireNonNull(results, "results");
        if (!enabled) {
            return List.of();
        }
        Map<Key, Integer> counts = new LinkedHashMap<>();
        for (DeliveryResult r : results) {
            Outcome outcome = outcome(r);
            if (outcome == null) {
                continue;
            }
            String text = outcome == Outcome.ACCEPTED || r.message() == null ? null
                    : truncate(r.message().text(), MAX_TEXT);
            Instant at = r.eventTime() == null ? Instant.EPOCH : r.eventTime();
            counts.merge(new Key(r.deliveryId(), truncate(r.domain(), MAX_DOMAIN), at.truncatedTo(BUCKET), outcome,
                    text), 1, Integer::sum);
        }
        List<Map<String, Object>> rows = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> {
            Map<String, Object> p = new HashMap<>();
            p.put("deliveryId", k.deliveryId());
            p.put("domain", k.domain());
            p.put("bucket", Timestamp.from(k.bucket()));
            p.put("outcome", k.outcome().name());
            p.put("text", k.text());
            p.put("count", n);
            rows.add(p);
        });
        return rows;
    }

    /** As flow control counts it; a 5xx reply flow control cannot read is a hard failure. */
    private static Outcome outcome(DeliveryResult r) {
        try {
            return FlowOutcomes.of(r);
        } catch (IllegalArgumentException e) {
            return Outcome.HARD_FAILURE;
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
