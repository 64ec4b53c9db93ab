package io.sluice.reliability;

import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenario 1: kill -9 the standalone service while it sends a delivery of 20,000 rows (PostgreSQL, a real
 * SMTP sink on loopback), start it again, and check that nothing is lost and that the messages sent twice are
 * no more than those in flight at the kill. Three moments: right after the first claim, during sending, and
 * during write-back (results accepted by the sink but not yet written: the test holds a SHARE lock on the
 * broadlog so writes wait, then kills).
 *
 * <p>In flight at the kill = rows still Pending with a claim token once the killed process's database sessions
 * are gone (claimed, maybe sent, result not written). They are claimed again after their lease
 * ({@code sluice.claim.lease=10s} here) and re-sent; every duplicate must be one of them.
 * {@code -Dsluice.reliability.crash.rows=N} changes the size.
 */
class CrashRecoveryTest {

    static final int ROWS = Integer.getInteger("sluice.reliability.crash.rows", 20_000);
    static final Duration RECOVERY = Duration.ofMinutes(4);
    static final String LEASE = System.getProperty("sluice.reliability.crash.lease", "30s");

    @ParameterizedTest(name = "kill -9 during {0}")
    @ValueSource(strings = {"claim", "send", "write-back"})
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldLoseNothingAndDuplicateAtMostTheInFlightMessages(String moment) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator sink = SmtpSimulator.builder().captureCapacity(ROWS * 2).build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(3, 60).create();
            long t0 = System.nanoTime();
            campaign.execute("INSERT INTO NmsRecipient (sEmail, sFirstName, sLastName) SELECT 'r' || g || '@d'"
                    + " || (g % 8) || '.crash.test', 'F' || g, 'L' FROM generate_series(1, " + ROWS + ") g");
            campaign.execute("INSERT INTO NmsBroadLogRcp (iDeliveryId, iRecipientId, iStatus, tsNextTry) SELECT "
                    + delivery + ", iRecipientId, 6, CURRENT_TIMESTAMP FROM NmsRecipient");
            Set<Long> allIds = ids(db.dataSource(), "SELECT iBroadLogId FROM NmsBroadLogRcp");
            assertThat(allIds).hasSize(ROWS);
            System.out.printf("[crash/%s] seeded %d rows in %d ms (claim batch %s, queue %s, lease %s)%n", moment, ROWS, ms(t0),
                    Integer.getInteger("sluice.reliability.crash.batch", 500), Integer.getInteger("sluice.reliability.crash.queue", 500), LEASE);

            String overlay = "defaults:\n  transport: \"smtp://127.0.0.1:" + sink.port() + "\"\n"
                    + "  flow:\n    initialRate: 2000\n    maxRate: 5000\n";
            Map<String, String> props = new HashMap<>();
            props.put("sluice.db.url", db.url());
            props.put("sluice.db.user", db.user());
            props.put("sluice.claim.lease", LEASE);
            // a fixed instance id, as production should have (application.properties): the restart then takes the
            // killed run's claims back at once (SluiceInstance, io.sluice.cluster) instead of after the lease
            props.put("sluice.instance-id", "crash-test-" + moment);
            // The lease must outlast a claimed row's wait in memory (claim batch + seda queue + throttles): with the
            // defaults (2,000 + 2,000) and a 10 s lease, rows outlive their lease before they are sent, are claimed
            // again by the same instance and go out twice (measured: 6,735 extra copies after a kill that had
            // 2,000 in flight; docs/reliability.md). Smaller batches keep the backlog at a few seconds of sending.
            props.put("sluice.claim.batch-size", Integer.getInteger("sluice.reliability.crash.batch", 500).toString());
            props.put("sluice.send.queue-size", Integer.getInteger("sluice.reliability.crash.queue", 500).toString());
            props.put("sluice.writer.flush-interval", "200");
            try (SluiceProcess sluice = new SluiceProcess(overlay, props)) {
                long started = System.nanoTime();
                sluice.start();
                assertThat(sluice.awaitStarted(Duration.ofSeconds(90))).as("first start\n" + tail(sluice.log())).isTrue();
                System.out.printf("[crash/%s] child JVM started in %d ms%n", moment, ms(started));

                Connection lock = null;
                switch (moment) {
                    case "claim" -> waitFor(Duration.ofSeconds(60), () -> count(campaign,
                            "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE sClaimToken IS NOT NULL") > 0);
                    case "send" -> waitFor(Duration.ofSeconds(120), () -> sink.counters().acceptedMessages() >= ROWS / 4);
                    case "write-back" -> {
                        waitFor(Duration.ofSeconds(120), () -> sink.counters().acceptedMessages() >= ROWS / 10);
                        // lock while a claimed batch is in memory, so that messages go out whose results cannot be
                        // written (a fast sender may have sent a whole batch and be waiting for the next claim)
                        waitFor(Duration.ofSeconds(60), () -> count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp"
                                + " WHERE sClaimToken IS NOT NULL AND iStatus = 6") >= 100);
                        lock = db.dataSource().getConnection();
                        lock.setAutoCommit(false);
                        try (Statement s = lock.createStatement()) {
                            s.execute("LOCK TABLE NmsBroadLogRcp IN SHARE MODE");
                        }
                        long sentAtLock = count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1");
                        long acceptedAtLock = sink.counters().acceptedMessages();
                        // writes now wait on the lock while the claimed messages keep going out: wait for the flow to
                        // dry up (the next claim waits on the lock too), rather than for a fixed count (a faster sender
                        // once left fewer than the 500 this waited for).
                        long[] last = {sink.counters().acceptedMessages(), System.nanoTime()};
                        waitFor(Duration.ofSeconds(60), () -> {
                            long now = sink.counters().acceptedMessages();
                            if (now != last[0]) {
                                last[0] = now;
                                last[1] = System.nanoTime();
                            }
                            return System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(2);
                        });
                        System.out.printf("[crash/%s] broadlog locked at %d Sent / %d accepted%n", moment, sentAtLock, acceptedAtLock);
                    }
                    default -> throw new IllegalArgumentException(moment);
                }
                long acceptedAtKill = sink.counters().acceptedMessages();
                long sentBeforeKill = count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1");
                sluice.kill();
                long killedAt = System.nanoTime();
                assertThat(sluice.isAlive()).isFalse();
                if (lock != null) {
                    lock.rollback();
                    lock.close();
                }
                // let the dead process's sessions end (a batch already received by the server may still commit)
                waitFor(Duration.ofSeconds(20), () -> count(campaign, "SELECT COUNT(*) FROM pg_stat_activity WHERE"
                        + " datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'") == 0);
                Thread.sleep(500);
                Set<Long> inFlight = ids(db.dataSource(),
                        "SELECT iBroadLogId FROM NmsBroadLogRcp WHERE iStatus = 6 AND sClaimToken IS NOT NULL");
                long sentAtKill = count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1");
                long pendingAtKill = count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6");
                long acceptedAfterKill = sink.counters().acceptedMessages();
                System.out.printf("[crash/%s] killed: accepted at sink %d (%d after the kill settled), Sent in DB %d"
                                + " (before kill %d), Pending %d, in flight (leased, not written) %d%n", moment, acceptedAtKill,
                        acceptedAfterKill, sentAtKill, sentBeforeKill, pendingAtKill, inFlight.size());
                assertThat(pendingAtKill).as("killed before the delivery was done").isGreaterThan(0);

                sluice.start();
                assertThat(sluice.awaitStarted(Duration.ofSeconds(90))).as("restart\n" + tail(sluice.log())).isTrue();
                waitFor(RECOVERY, () -> count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6") == 0);
                long recoveredMs = ms(killedAt);
                // the writer flushes within 200 ms; give stragglers a moment before reading the sink
                Thread.sleep(1000);
                // the delivery-lifecycle route finishes deliveries on its own cadence (every 2 s)
                waitFor(Duration.ofSeconds(20), () -> count(campaign,
                        "SELECT iState FROM NmsDelivery WHERE iDeliveryId = " + delivery) == 95);
                sluice.stop(Duration.ofSeconds(30));

                Map<Long, Integer> received = new HashMap<>();
                for (ReceivedMessage m : sink.receivedMessages()) {
                    received.merge(Long.parseLong(m.header("X-Broadlog-Id").orElseThrow().trim()), 1, Integer::sum);
                }
                Set<Long> duplicated = new HashSet<>();
                received.forEach((id, n) -> {
                    if (n > 1) {
                        duplicated.add(id);
                    }
                });
                long extraCopies = received.values().stream().mapToLong(n -> n - 1).sum();
                long sent = count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1");
                long acceptedNotWritten = acceptedAfterKill - sentAtKill;
                System.out.printf("[crash/%s] RESULT rows=%d sent=%d receivedDistinct=%d receivedTotal=%d inFlightAtKill=%d"
                                + " acceptedButNotWrittenAtKill=%d duplicatedIds=%d extraCopies=%d recoveryAfterKill=%d ms"
                                + " total=%d ms%n", moment, ROWS, sent, received.size(), sink.counters().acceptedMessages(),
                        inFlight.size(), acceptedNotWritten, duplicated.size(), extraCopies, recoveredMs, ms(t0));

                assertThat(sent).as("every row final and Sent").isEqualTo(ROWS);
                assertThat(received.keySet()).as("the sink got every broadlog id").containsAll(allIds).hasSize(ROWS);
                assertThat(duplicated).as("only messages in flight at the kill are sent twice").isSubsetOf(inFlight);
                assertThat(extraCopies).as("each in-flight message at most once more").isLessThanOrEqualTo(inFlight.size());
                assertThat(extraCopies).as("re-sent = accepted by the sink but not written back at the kill")
                        .isLessThanOrEqualTo(acceptedNotWritten);
            }
        }
    }

    static Set<Long> ids(javax.sql.DataSource ds, String sql) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static long count(Campaign campaign, String sql) {
        try {
            return campaign.count(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    static long ms(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
