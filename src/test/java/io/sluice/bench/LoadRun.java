package io.sluice.bench;

import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue #7's load scenario, end to end in one JVM: one delivery of N rows (default 1,000,000) across 1,000 domains in
 * the real PostgreSQL, 10 % of the domains behind a receiver that accepts 1 message a second and answers
 * "421 4.7.0 Try again later" beyond, the rest accepting everything (in-JVM SMTP server on loopback). Every 10 s it
 * prints the rows Sent, the sending rate over the interval, the heap in use and the old generation after its last
 * collection (the live set: what "bounded" is about). At the end: the rate of the first and last thirds of the
 * healthy part of the run (decay), peak heap, deferrals, and whether the server got each Sent row exactly once.
 * bench/load runs it; the figures go to docs/reliability.md.
 */
public final class LoadRun {

    private static final int DOMAINS = 1_000;
    private static final int THROTTLED = DOMAINS / 10;

    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Duration limit = Duration.ofMinutes(args.length > 1 ? Integer.parseInt(args[1]) : 45);
        SmtpSimulator.Builder server = SmtpSimulator.builder().captureCapacity(0);
        for (int d = 0; d < THROTTLED; d++) {
            server.behaviour("d" + d + ".load", DomainBehaviour.rateLimit(1, Duration.ofSeconds(1), "421 4.7.0 Try again later"));
        }
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = server.build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().state(0).retries(1_000, 5).create();
            long seeding = System.nanoTime();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO NmsRecipient (iRecipientId, sEmail) SELECT g, 'u' || g || '@d' || (g % " + DOMAINS
                        + ") || '.load' FROM generate_series(1000001, " + (1_000_000 + n) + ") g");
                s.execute("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus, tsNextTry) SELECT " + delivery
                        + ", g, 6, CURRENT_TIMESTAMP FROM generate_series(1000001, " + (1_000_000 + n) + ") g");
                s.execute("ANALYZE NmsBroadLogRcp");
            }
            System.out.printf("seeded %,d rows over %,d domains (%d throttled at 1 msg/s each) in %.1f s%n", n, DOMAINS,
                    THROTTLED, (System.nanoTime() - seeding) / 1e9);
            String policy = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                    + "  flow:\n    initialRate: 50\n    maxRate: 200\n";
            List<double[]> samples = new ArrayList<>(); // seconds, sent, heap MB, old gen after GC MB
            double peakHeap = 0;
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(policy)
                    .property("sluice.progress.log-interval", "1m")
                    .property("sluice.claim.lease", "5m") // the shipped lease (SluiceApp uses 1 min for tests)
                    .start()) {
                campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
                long start = System.nanoTime();
                System.out.printf("%8s %10s %10s %10s %14s%n", "seconds", "sent", "msg/s", "heap MB", "old gen MB");
                long sent = 0;
                while (sent < n && System.nanoTime() - start < limit.toNanos()) {
                    Thread.sleep(10_000); // sampling cadence of a long run
                    long now = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus IN (1, 2)");
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double heap = heapUsedMb();
                    double old = oldGenAfterGcMb();
                    peakHeap = Math.max(peakHeap, heap);
                    double previousSeconds = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0];
                    System.out.printf("%8.0f %,10d %10.0f %10.1f %14.1f%n", seconds, now,
                            (now - sent) / (seconds - previousSeconds), heap, old);
                    samples.add(new double[]{seconds, now, heap, old});
                    sent = now;
                }
                long sentRows = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1");
                long failedRows = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 2");
                long deferred = 0;
                for (int d = 0; d < THROTTLED; d++) {
                    deferred += smtp.counters().deferredRecipients("d" + d + ".load");
                }
                System.out.printf("%nRESULT %,d rows: %,d Sent, %,d Failed in %.0f s; server accepted %,d messages (%s);"
                                + " %,d deferrals (421) by the throttling domains; peak heap used %.1f MB%n", n, sentRows,
                        failedRows, samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0],
                        smtp.counters().acceptedMessages(), smtp.counters().acceptedMessages() == sentRows
                                ? "= Sent rows: each once" : "differs from the Sent rows", deferred, peakHeap);
                printDecay(samples, n);
            }
        }
        System.exit(0);
    }

    /** Rate over the first and the last third of the run up to 80 % sent (the last 10 % are the throttled domains alone). */
    private static void printDecay(List<double[]> samples, int n) {
        List<double[]> body = samples.stream().filter(s -> s[1] <= 0.8 * n).toList();
        if (body.size() < 6) {
            System.out.println("decay: too few samples");
            return;
        }
        int third = body.size() / 3;
        double first = rate(body.get(0), body.get(third));
        double last = rate(body.get(body.size() - 1 - third), body.get(body.size() - 1));
        System.out.printf("decay: %.0f msg/s over the first third, %.0f msg/s over the last third (to 80 %% sent): %.2fx%n",
                first, last, last / first);
    }

    private static double rate(double[] from, double[] to) {
        return (to[1] - from[1]) / (to[0] - from[0]);
    }

    private static double heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    /** The old generation's occupancy right after its last collection: the live set, not garbage waiting. */
    private static double oldGenAfterGcMb() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old") && pool.getCollectionUsage() != null) {
                return pool.getCollectionUsage().getUsed() / 1e6;
            }
        }
        return -1;
    }
}
