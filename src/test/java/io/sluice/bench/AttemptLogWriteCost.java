package io.sluice.bench;

import io.sluice.broadlog.AttemptLogRows;
import io.sluice.broadlog.BroadlogMessageCatalog;
import io.sluice.broadlog.BroadlogWriter;
import io.sluice.db.ParsedOnceParameters;
import io.sluice.result.BroadlogMessage;
import io.sluice.result.DeliveryResult;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.result.SendOutcome;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * bench/attempt-log: what logging every attempt adds to the result writer's batch. On a fresh PostgreSQL database,
 * B batches of 200 results (the default {@code sluice.writer.batch-size}) over D domains — 80 % accepted, 20 %
 * deferred with two replies, their event times spread over 0.5 s (the default flush interval) — each written as the
 * write-batch route does: write-result.sql through camel-sql in one JDBC batch, timed, then write-attempts.sql (rows
 * from {@link AttemptLogRows}), timed. The first 10 batches warm up and are not counted. Prints the median and mean
 * time of each step per batch, the log rows per batch and the added share. A measurement, not a test.
 */
public final class AttemptLogWriteCost {

    static final int BATCH = 200;
    static final int WARM_UP = 10;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int domains = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (TestDatabase db = TestDatabase.open("postgresql"); CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("dataSource", db.dataSource());
            camel.getRegistry().bind(ParsedOnceParameters.BEAN_NAME, new ParsedOnceParameters());
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            List<Long> ids = campaign.pendingMany(delivery, IntStream.range(0, (batches + WARM_UP) * BATCH)
                    .mapToObj(i -> "u" + i + "@d" + (i % domains) + ".bench").toList());
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'bench', sClaimedBy = 'bench'");
            campaign.execute("ANALYZE");
            BroadlogWriter writer = new BroadlogWriter(new BroadlogMessageCatalog(db.dataSource()));
            AttemptLogRows attemptRows = new AttemptLogRows();
            String options = "?batch=true&prepareStatementStrategy=#" + ParsedOnceParameters.BEAN_NAME;
            long[] broadlog = new long[batches];
            long[] attempts = new long[batches];
            long logRows = 0;
            for (int b = 0; b < batches + WARM_UP; b++) {
                List<DeliveryResult> results = batch(delivery, ids.subList(b * BATCH, (b + 1) * BATCH), domains,
                        Instant.now());
                long t0 = System.nanoTime();
                List<Map<String, Object>> p = writer.toParameters(results);
                send(template, "sql:file:config/sql/write-result.sql" + options, p);
                long t1 = System.nanoTime();
                List<Map<String, Object>> rows = attemptRows.toParameters(results);
                send(template, "sql:file:config/sql/write-attempts.sql" + options, rows);
                long t2 = System.nanoTime();
                if (b >= WARM_UP) {
                    broadlog[b - WARM_UP] = t1 - t0;
                    attempts[b - WARM_UP] = t2 - t1;
                    logRows += rows.size();
                }
            }
            System.out.printf(Locale.ROOT, "[attempt-log] %d batches of %d results over %d domains on PostgreSQL:"
                            + " broadlog write median %.2f ms (mean %.2f), attempt log median %.2f ms (mean %.2f),"
                            + " %.1f log rows per batch: +%.0f %% of the batch's write time (by medians)%n",
                    batches, BATCH, domains, ms(median(broadlog)), ms(mean(broadlog)), ms(median(attempts)),
                    ms(mean(attempts)), (double) logRows / batches, 100.0 * median(attempts) / median(broadlog));
        }
    }

    /** 80 % accepted, 20 % deferred (two replies), event times over 0.5 s. */
    static List<DeliveryResult> batch(long delivery, List<Long> ids, int domains, Instant start) {
        BroadlogMessage[] replies = {
                new BroadlogMessage("421 4.7.0 Try again later", "421 4.7.0 Try again later", FailureType.SOFT,
                        FailureReason.REFUSED),
                new BroadlogMessage("450 4.7.1 Too many messages, slow down", "450 4.7.1 Too many messages, slow down",
                        FailureType.SOFT, FailureReason.REFUSED)};
        List<DeliveryResult> results = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            boolean ok = i % 5 != 0;
            Instant at = start.plusMillis(i * 500L / ids.size());
            results.add(new DeliveryResult(id, delivery, "bench", "u" + id + "@d" + (id % domains) + ".bench",
                    "d" + (id % domains) + ".bench", ok ? SendOutcome.ACCEPTED : SendOutcome.SOFT_FAILURE, null,
                    ok ? DeliveryResult.STATUS_SENT : DeliveryResult.STATUS_PENDING, ok ? 0 : 1, at, at,
                    ok ? null : replies[i % 2]));
        }
        return results;
    }

    private static void send(ProducerTemplate template, String uri, Object body) {
        Exchange done = template.send(uri, e -> e.getMessage().setBody(body));
        if (done.getException() != null) {
            throw new IllegalStateException(done.getException());
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
