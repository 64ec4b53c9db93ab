package io.sluice.reliability;

import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.sluice.reliability.CrashRecoveryTest.ms;
import static io.sluice.reliability.CrashRecoveryTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenario 2: the campaign database goes away for {@value #OUTAGE_SECONDS} s in the middle of a run.
 * The test starts a PostgreSQL server of its own ({@link PrivatePostgres}: initdb on a spare port) so that
 * nothing else is touched, stops it (fast shutdown: every connection is cut) while Sluice sends, and starts it
 * again. Claims fail and are retried on the next tick; result writes are retried with back-off
 * (routes/error-handling.xml, about 2 min); rows whose result was lost are claimed again after the lease.
 * Afterwards every row is Sent, the sink has every broadlog id, nothing is stuck Pending and the app is still
 * running.
 */
class DatabaseOutageTest {

    static final int ROWS = Integer.getInteger("sluice.reliability.outage.rows", 4000);
    static final int OUTAGE_SECONDS = 25;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void shouldPauseAndCompleteWithNothingLostWhenTheDatabaseComesBack() throws Exception {
        Path bin = PrivatePostgres.binaries().orElse(null);
        Assumptions.assumeTrue(bin != null, "no PostgreSQL binaries under /usr/lib/postgresql/*/bin: skipped");
        long t0 = System.nanoTime();
        try (PrivatePostgres pg = PrivatePostgres.initAndStart(bin);
             SmtpSimulator sink = SmtpSimulator.builder().captureCapacity(ROWS * 3).build().start()) {
            System.out.printf("[db-outage] private PostgreSQL (%s) on 127.0.0.1:%d ready in %d ms%n", bin, pg.port(), ms(t0));
            String url = pg.url("sluice_outage");
            try (HikariDataSource ds = pg.createSluiceDatabase("sluice_outage")) {
                Campaign campaign = new Campaign(ds);
                long delivery = campaign.delivery().retries(3, 60).create();
                campaign.execute("INSERT INTO NmsRecipient (sEmail, sFirstName, sLastName) SELECT 'r' || g || '@d'"
                        + " || (g % 5) || '.outage.test', 'F', 'L' FROM generate_series(1, " + ROWS + ") g");
                campaign.execute("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus, tsNextTry) SELECT "
                        + delivery + ", iRecipientId, 6, CURRENT_TIMESTAMP FROM NmsRecipient");
                Set<Long> allIds = CrashRecoveryTest.ids(ds, "SELECT iBroadLogId FROM NmsBroadLogRcp");

                String domains = "defaults:\n  transport: \"smtp://127.0.0.1:" + sink.port() + "\"\n"
                        + "  flow:\n    initialRate: 2000\n    maxRate: 5000\n";
                try (SluiceApp app = SluiceApp.builder().database(url, "postgres").domains(domains)
                        // ~100 msg/s so that the run spans the outage; short lease so lost writes come back soon
                        .property("sluice.claim.batch-size", "100")
                        .property("sluice.claim.lease", "30s")
                        .property("sluice.writer.flush-interval", "200")
                        .start()) {
                    waitFor(Duration.ofSeconds(60), () -> sink.counters().acceptedMessages() >= ROWS / 4);
                    long acceptedAtStop = sink.counters().acceptedMessages();
                    long stopAt = System.nanoTime();
                    pg.stop("fast");
                    long stoppedMs = ms(stopAt);
                    Thread.sleep(3000);
                    long acceptedEarlyInOutage = sink.counters().acceptedMessages();
                    Thread.sleep(OUTAGE_SECONDS * 1000L - 3000 - stoppedMs);
                    long acceptedEndOfOutage = sink.counters().acceptedMessages();
                    boolean aliveDuringOutage = app.context().getStatus().isStarted();
                    long startAt = System.nanoTime();
                    pg.start();
                    long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
                    System.out.printf("[db-outage] database stopped at %d accepted; %d accepted 3 s into the outage,"
                                    + " %d at its end (%d ms down); restarted in %d ms; app started during outage: %s%n",
                            acceptedAtStop, acceptedEarlyInOutage, acceptedEndOfOutage, downMs, ms(startAt), aliveDuringOutage);

                    long back = System.nanoTime();
                    waitFor(Duration.ofMinutes(4), () -> CrashRecoveryTest.count(campaign,
                            "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus <> 1") == 0);
                    long completeMs = ms(back);
                    Thread.sleep(500);
                    assertThat(app.context().getStatus().isStarted()).as("the app did not die").isTrue();
                    assertThat(aliveDuringOutage).isTrue();

                    Map<Long, Integer> received = new HashMap<>();
                    for (ReceivedMessage m : sink.receivedMessages()) {
                        received.merge(Long.parseLong(m.header("X-Broadlog-Id").orElseThrow().trim()), 1, Integer::sum);
                    }
                    long extra = received.values().stream().mapToLong(n -> n - 1).sum();
                    System.out.printf("[db-outage] RESULT rows=%d sent=%d pending=%d receivedDistinct=%d receivedTotal=%d"
                                    + " duplicates=%d sentDuringOutage=%d completeAfterDbBack=%d ms total=%d ms%n", ROWS,
                            campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1"),
                            campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6"), received.size(),
                            sink.counters().acceptedMessages(), extra, acceptedEndOfOutage - acceptedAtStop, completeMs, ms(t0));
                    assertThat(received.keySet()).as("every message reached the sink").containsAll(allIds).hasSize(ROWS);
                    assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6")).isZero();
                    assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE sClaimToken IS NOT NULL")).isZero();
                    waitFor(Duration.ofSeconds(30), () -> {
                        try {
                            return campaign.deliveryState(delivery) == 95;
                        } catch (Exception e) {
                            return false;
                        }
                    });
                }
            }
        }
    }
}
