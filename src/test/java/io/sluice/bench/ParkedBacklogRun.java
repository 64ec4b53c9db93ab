package io.sluice.bench;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * Memory stays bounded however large the backlog of a suspended domain: suspends one domain, seeds N rows
 * for it, lets Sluice claim and park them all (an hour is beyond the broker horizon: in the database), and samples the used heap (after a full GC)
 * as the parked count grows, then four more samples once every row is parked (the backlog at rest).
 * bench/parked-backlog runs it; the figures go to docs/benchmarks.md.
 */
public final class ParkedBacklogRun {

    private ParkedBacklogRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0).build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO NmsRecipient (iRecipientId, sEmail) SELECT g, 'u' || g || '@held.test'"
                        + " FROM generate_series(1000001, " + (1_000_000 + n) + ") g");
                s.execute("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus, tsNextTry) SELECT "
                        + delivery + ", g, 6, CURRENT_TIMESTAMP FROM generate_series(1000001, " + (1_000_000 + n) + ") g");
            }
            String policy = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n";
            String parked = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                    + " WHERE b.iStatus = 6 AND m.sText = 'Messages queued (dynamic flow control)'";
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(policy)
                    .property("sluice.claim.lease", "2h").start()) {
                DomainFlow flow = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class)
                        .flow("held.test");
                flow.suspend(Duration.ofHours(1), "benchmark: held for the whole run");
                long start = System.nanoTime();
                System.out.printf("%10s %12s %14s%n", "seconds", "parked", "heap used MB");
                long count = 0;
                while (count < n && System.nanoTime() - start < Duration.ofMinutes(25).toNanos()) {
                    Thread.sleep(5000); // sampling cadence of a minutes-long run
                    count = campaign.count(parked);
                    System.gc();
                    System.out.printf("%10.0f %12d %14.1f%n", (System.nanoTime() - start) / 1e9, count,
                            memory.getHeapMemoryUsage().getUsed() / 1e6);
                }
                System.out.printf("parked %d of %d in %.0f s; the SMTP server received %d messages%n", count, n,
                        (System.nanoTime() - start) / 1e9, smtp.counters().acceptedMessages());
                // the backlog at rest: claiming is over, every message waits parked. This is what a long
                // suspension costs; the figures while claiming include the claimed rows in flight.
                for (int i = 0; i < 4; i++) {
                    Thread.sleep(5000); // sampling cadence, as above
                    System.gc();
                    System.out.printf("%10.0f %12d %14.1f  (at rest)%n", (System.nanoTime() - start) / 1e9,
                            campaign.count(parked), memory.getHeapMemoryUsage().getUsed() / 1e6);
                }
            }
        }
        System.exit(0);
    }
}
