package io.sluice.reliability;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.parking.Parking;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7 scenario 3: an external Artemis broker ({@link ArtemisProcess}, a child JVM with a persistent journal on a
 * free loopback port) is killed with {@code kill -9} while a suspended domain's mail is being parked on it, stays
 * down while Sluice keeps claiming and parking, and is started again on the same journal. Mail parked before the kill
 * must survive it; mail that has to be parked during the outage waits in the database instead (the park send fails
 * after {@code sluice.broker.send-timeout}, then the circuit breaker skips the broker), so a healthy domain's
 * interleaved rows keep going out during the outage. Then the domain recovers (resetToNormal releases its parked
 * mail, on the broker and in the database) and every broadlog row must end Sent, received exactly once at the SMTP
 * sink (by {@code X-Broadlog-Id}): none lost, none doubled.
 *
 * <p>The outage (40 s by default, {@code -Dsluice.reliability.broker.outage-seconds}) is longer than the Artemis
 * client's 30 s call timeout on purpose. Before the database fallback, the park sends blocked until the broker was
 * back (healthy domain: 7 sent during a 45 s outage against 100 in the 10 s before), then failed with "AMQ219016 ...
 * Unblocking a blocking call" and were retried; in full-suite runs not every row was parked 90 s after the restart.
 */
class BrokerRestartTest {

    private static final int ROWS = Integer.getInteger("sluice.reliability.broker.rows", 400);
    private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("sluice.reliability.broker.outage-seconds", 40));
    private static final String DOMAIN = "parked.test";
    /** A healthy domain sent to all along: what a broker outage does to mail that needs no parking. */
    private static final String LIVE = "live.test";
    private static final String PARKED = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
            + " WHERE b.iStatus = 6 AND m.sText = '" + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "'";

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void shouldKeepParkedMailThroughABrokerRestartAndSendEachMessageExactlyOnce() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(ROWS * 6).build().start();
             ArtemisProcess broker = new ArtemisProcess().start(Duration.ofSeconds(60));
             TestDatabase db = TestDatabase.open("postgresql")) {
            Campaign campaign = new Campaign(db.dataSource());
            String domains = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                    + "  flow:\n    initialRate: 200\n    maxRate: 500\n";
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.broker.url", broker.url())
                    // the 10 min suspension below parks on the broker, which is what this test is about
                    .property("sluice.flow.broker-horizon", "1h")
                    // 20 rows a second: parking goes on before, during and after the outage
                    .property("sluice.claim.batch-size", "20")
                    // the shipped lease: longer than the outage. With SluiceApp's 1 min, an outage plus broker start of
                    // more than a minute strands claimed rows (see docs/reliability.md, not covered)
                    .property("sluice.claim.lease", System.getProperty("sluice.reliability.broker.lease", "5m"))
                    .start()) {
                FlowControlRegistry flow = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
                flow.flow(DOMAIN).suspend(Duration.ofMinutes(10), "broker restart test");
                // rows first, then In progress (55): a delivery without rows would be finished at once
                long delivery = campaign.delivery().state(0).create();
                // interleaved, so the claim (20 a second, by id) brings both domains before, during and after the outage
                campaign.pendingMany(delivery, IntStream.range(0, ROWS).boxed()
                        .flatMap(i -> java.util.stream.Stream.of("r" + i + "@" + DOMAIN, "l" + i + "@" + LIVE)).toList());
                campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);

                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(PARKED) >= ROWS / 4);
                long onBrokerBefore = broker.scheduledCount();
                long parkedInDbBefore = campaign.count(PARKED);
                long liveAtKill = smtp.counters().acceptedRecipients(LIVE);
                long killedAt = System.nanoTime();
                broker.kill();
                System.out.printf("[broker-restart] kill -9 of the broker with %d parked on it (%d rows parked in the"
                        + " database)%n", onBrokerBefore, parkedInDbBefore);
                Thread.sleep(OUTAGE.toMillis()); // the outage itself: nothing to wait for
                long parkedDuringOutage = campaign.count(PARKED) - parkedInDbBefore;
                long liveDuringOutage = smtp.counters().acceptedRecipients(LIVE) - liveAtKill;
                broker.start(Duration.ofSeconds(60));
                double outageSeconds = (System.nanoTime() - killedAt) / 1e9;
                long onBrokerAfterRestart = broker.scheduledCount();
                System.out.printf("[broker-restart] broker back after %.1f s; %d still scheduled on it after the restart;"
                        + " rows parked in the database during the outage: %d%n", outageSeconds, onBrokerAfterRestart,
                        parkedDuringOutage);

                // every row parked (none sent: the domain is still suspended), on the broker as in the database
                await().atMost(Duration.ofSeconds(90)).until(() -> campaign.count(PARKED) == ROWS);
                // parked in the database instead of on the broker: the row gave its claim up
                long parkedInDatabase = campaign.count(PARKED + " AND b.sClaimToken IS NULL");
                long onBrokerAll = waitForBrokerCount(broker, ROWS - parkedInDatabase, Duration.ofSeconds(30));
                if (onBrokerAll + parkedInDatabase < ROWS) {
                    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                         java.sql.ResultSet rs = st.executeQuery("SELECT b.iBroadLogId, b.sDomain, b.sClaimToken, b.tsLeaseUntil,"
                                 + " b.tsNextTry, b.tsLastModified, b.iRetry FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m"
                                 + " ON m.iBroadLogMsgId = b.iMsgId WHERE b.iStatus = 6 AND b.sClaimToken IS NOT NULL"
                                 + " AND m.sText = '" + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "' ORDER BY b.tsLastModified DESC LIMIT 20")) {
                        while (rs.next()) {
                            System.out.printf("[broker-restart] parked with a claim: broadlog %d %s token %s lease %s next %s"
                                    + " modified %s retry %d%n", rs.getLong(1), rs.getString(2), rs.getString(3),
                                    rs.getTimestamp(4), rs.getTimestamp(5), rs.getTimestamp(6), rs.getInt(7));
                        }
                    }
                    System.out.printf("[broker-restart] on the broker: %d scheduled, %d in all%n", broker.scheduledCount(),
                            broker.messageCount());
                }
                System.out.printf("[broker-restart] all %d rows parked: %d scheduled on the broker, %d in the database"
                        + " (broker unavailable); sent while suspended: %d%n", ROWS, onBrokerAll, parkedInDatabase,
                        smtp.counters().acceptedRecipients(DOMAIN));

                // the domain recovers: its parked mail is released and sent
                long releasedAt = System.nanoTime();
                flow.flow(DOMAIN).resetToNormal("broker restart test");
                boolean allSent = waitUntil(Duration.ofSeconds(120), () -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + delivery) == 2L * ROWS);
                double drainSeconds = (System.nanoTime() - releasedAt) / 1e9;
                if (!allSent) {
                    // what the rows not Sent look like, for the diagnosis
                    try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                         java.sql.ResultSet rs = st.executeQuery("SELECT b.sDomain, b.iStatus, b.iRetry, m.sText,"
                                 + " b.tsLeaseUntil > CURRENT_TIMESTAMP AS leased, b.tsNextTry > CURRENT_TIMESTAMP AS later,"
                                 + " MIN(b.tsLeaseUntil), MAX(b.tsLeaseUntil), COUNT(*) FROM NmsBroadLogRcp b"
                                 + " LEFT JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId WHERE b.iStatus <> 1"
                                 + " AND b.iDeliveryId = " + delivery + " GROUP BY 1, 2, 3, 4, 5, 6")) {
                        while (rs.next()) {
                            System.out.printf("[broker-restart] not sent: domain %s status %d retry %d text '%s' leased %s"
                                            + " nextTry later %s lease %s..%s: %d rows (now %s)%n", rs.getString(1), rs.getInt(2),
                                    rs.getInt(3), rs.getString(4), rs.getBoolean(5), rs.getBoolean(6), rs.getTimestamp(7),
                                    rs.getTimestamp(8), rs.getLong(9), java.time.Instant.now());
                        }
                    }
                    System.out.printf("[broker-restart] on the broker now: %d scheduled, %d in all%n",
                            broker.scheduledCount(), broker.messageCount());
                }

                Map<String, Long> copies = smtp.receivedMessages().stream().collect(Collectors.groupingBy(
                        (ReceivedMessage m) -> m.header("X-Broadlog-Id").orElse("?"), Collectors.counting()));
                long duplicates = copies.values().stream().mapToLong(n -> n - 1).sum();
                long sentRows = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + delivery);
                long lost = 2L * ROWS - copies.size();
                System.out.printf("[broker-restart] RESULT rows %d + %d, parked at the kill %d (broker) / %d (database),"
                                + " parked during the %.1f s outage %d, %s sent during the outage %d (%d before the kill),"
                                + " on the broker after the restart %d, all parked %d on the broker + %d in the database;"
                                + " after release: Sent %d in %.1f s, received %d distinct ids, lost %d, duplicates %d%n",
                        ROWS, ROWS, onBrokerBefore, parkedInDbBefore, outageSeconds, parkedDuringOutage, LIVE,
                        liveDuringOutage, liveAtKill, onBrokerAfterRestart, onBrokerAll, parkedInDatabase, sentRows,
                        drainSeconds, copies.size(), lost, duplicates);

                assertThat(onBrokerBefore).as("parked on the broker at the kill").isPositive();
                assertThat(onBrokerAfterRestart).as("parked mail survives kill -9").isGreaterThanOrEqualTo(onBrokerBefore);
                assertThat(parkedDuringOutage).as("suspended mail parked (in the database) during the outage").isPositive();
                // >=: live.test mail may be parked for its pace too ("connection quotas met") after the outage, and a
                // send the broker kept although it reported a failure leaves a copy (dropped when it comes due)
                assertThat(onBrokerAll + parkedInDatabase).as("every parked row on the broker or in the database")
                        .isGreaterThanOrEqualTo(ROWS);
                // the claim brings 10 rows of each domain a second: the healthy domain's that came during the outage
                // went out, not stuck behind threads waiting for the broker (before the fallback: 7 in 45 s)
                assertThat(liveDuringOutage).as("healthy domain sent during the outage")
                        .isGreaterThanOrEqualTo(Math.min(ROWS / 4, ROWS - liveAtKill));
                assertThat(allSent).as("every row Sent within 120 s of the release").isTrue();
                assertThat(smtp.counters().acceptedRecipients(DOMAIN)).isEqualTo(ROWS);
                assertThat(copies).as("sink and broadlog agree").hasSize(2 * ROWS);
                assertThat(duplicates).as("no message doubled").isZero();
                assertThat(copies).doesNotContainKey("?");
            }
        }
    }

    private static long waitForBrokerCount(ArtemisProcess broker, long expected, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        long n = broker.scheduledCount();
        while (n < expected && System.nanoTime() < end) {
            Thread.sleep(200);
            n = broker.scheduledCount();
        }
        return n;
    }

    private static boolean waitUntil(Duration timeout, ThrowingSupplier condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.get()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.get();
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        boolean get() throws Exception;
    }
}
