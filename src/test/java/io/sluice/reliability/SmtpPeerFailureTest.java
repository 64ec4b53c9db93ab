package io.sluice.reliability;

import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.sluice.reliability.CrashRecoveryTest.count;
import static io.sluice.reliability.CrashRecoveryTest.ms;
import static io.sluice.reliability.CrashRecoveryTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, scenario 4: SMTP peers that refuse the connection, drop it mid-DATA, never answer (beyond
 * {@code sluice.smtp.read-timeout}, 2 s here) or greet with 421. Each message ends Pending (soft) with
 * {@code iRetry = 1} and a soft NmsBroadLogMsg (type 1) with its reason, while a healthy domain keeps being served;
 * afterwards no simulator session is left open (the pool lets go of broken connections, idle ones are reaped)
 * and the app has no more threads than before the failures.
 */
class SmtpPeerFailureTest {

    static final int HEALTHY = 300;
    static final int EACH = 6;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldDeferEveryBrokenPeerSoftlyWithoutLeakingThreadsOrConnections() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator healthy = SmtpSimulator.builder().build().start();
             SmtpSimulator dropping = SmtpSimulator.builder()
                     .defaultBehaviour(DomainBehaviour.dropConnectionAtData()).build().start();
             SmtpSimulator silent = SmtpSimulator.builder()
                     .defaultBehaviour(DomainBehaviour.slow(Duration.ofSeconds(8))).build().start();
             SmtpSimulator greeting421 = SmtpSimulator.builder()
                     .refuseConnectionsWith("421 4.3.2 Service not available, closing transmission channel").build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            String domains = "defaults:\n  transport: \"smtp://127.0.0.1:" + healthy.port() + "\"\n"
                    + "  flow:\n    initialRate: 500\n    maxRate: 1000\n"
                    + "domains:\n"
                    + "  refused.test:\n    transport: \"smtp://127.0.0.1:" + closed + "\"\n"
                    + "  dropdata.test:\n    transport: \"smtp://127.0.0.1:" + dropping.port() + "\"\n"
                    + "  silent.test:\n    transport: \"smtp://127.0.0.1:" + silent.port() + "\"\n"
                    + "  greet421.test:\n    transport: \"smtp://127.0.0.1:" + greeting421.port() + "\"\n";
            int threadsBeforeStart = liveThreads();
            Map<String, Integer> namesBeforeStart = threadGroups();
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.smtp.read-timeout", "2000")
                    .property("sluice.smtp.write-timeout", "2000")
                    .property("sluice.smtp.connect-timeout", "2000")
                    .property("sluice.smtp.pool.idle-timeout", "2s")
                    .start()) {
                // warm-up: healthy traffic only, then the baseline thread count of a running app
                // deliveries are created not started (0) and started once their rows exist: a delivery without rows
                // would be finished by the lifecycle route before its rows are inserted
                long warmup = campaign.delivery().state(0).retries(3, 3600).create();
                campaign.pendingMany(warmup, emails("ok", "healthy.test", HEALTHY));
                campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + warmup);
                waitFor(Duration.ofSeconds(120), () -> count(campaign,
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == HEALTHY);
                // the baseline is taken once the pool has reaped its idle sessions (idle-timeout 2 s)
                await().atMost(Duration.ofSeconds(30)).until(() -> healthy.counters().currentSessions() == 0);
                Map<String, Integer> baselineNames = threadGroups();
                int baseline = liveThreads();

                long delivery = campaign.delivery().state(0).retries(3, 3600).create();
                List<Long> ok = campaign.pendingMany(delivery, emails("ok2", "healthy.test", HEALTHY));
                Map<String, List<Long>> failing = new TreeMap<>();
                for (String d : List.of("refused.test", "dropdata.test", "silent.test", "greet421.test")) {
                    failing.put(d, campaign.pendingMany(delivery, emails("x", d, EACH)));
                }
                campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
                long t0 = System.nanoTime();
                waitFor(Duration.ofSeconds(60), () -> count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE"
                        + " iStatus = 1") == 2L * HEALTHY);
                long healthyMs = ms(t0);
                waitFor(Duration.ofSeconds(90), () -> count(campaign, "SELECT COUNT(*) FROM NmsBroadLogRcp"
                        + " WHERE tsEvent IS NULL") == 0);
                long allWrittenMs = ms(t0);

                for (long id : ok) {
                    assertThat(campaign.row(id).status()).isEqualTo(1);
                }
                Map<String, String> outcomes = new TreeMap<>();
                for (var e : failing.entrySet()) {
                    Set<String> seen = new java.util.TreeSet<>();
                    for (long id : e.getValue()) {
                        Campaign.Row r = campaign.row(id);
                        assertThat(r.status()).as(e.getKey() + " stays Pending").isEqualTo(6);
                        assertThat(r.retry()).as(e.getKey() + " iRetry").isEqualTo(1);
                        assertThat(r.failureType()).as(e.getKey() + " soft").isEqualTo(1);
                        seen.add("reason " + r.failureReason() + " '" + r.msgText() + "'");
                    }
                    outcomes.put(e.getKey(), String.join(" | ", seen));
                }
                outcomes.forEach((d, o) -> System.out.printf("[smtp-peers] %s x%d -> Pending, iRetry 1, type 1, %s%n", d, EACH, o));
                assertThat(reasons(campaign, failing.get("refused.test"))).containsOnly(3);
                assertThat(reasons(campaign, failing.get("dropdata.test"))).containsOnly(3);
                assertThat(reasons(campaign, failing.get("silent.test"))).containsOnly(3);
                // 421 at the greeting: the host is not taking mail at all -> Unreachable (3), like a refused connection
                assertThat(reasons(campaign, failing.get("greet421.test"))).containsOnly(3);

                // no stuck connection: every simulator ends with no open session (silent's replies come after 8 s)
                long s0 = System.nanoTime();
                waitFor(Duration.ofSeconds(30), () -> healthy.counters().currentSessions() == 0
                        && dropping.counters().currentSessions() == 0 && silent.counters().currentSessions() == 0
                        && greeting421.counters().currentSessions() == 0);
                long sessionsClosedMs = ms(s0);
                // the send path's threads settle once the last broken session is closed: wait for the count to
                // come back within the bound below (or fail with the diff)
                int[] afterHolder = new int[1];
                @SuppressWarnings("unchecked") Map<String, Integer>[] namesHolder = new Map[1];
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    afterHolder[0] = liveThreads();
                    namesHolder[0] = threadGroups();
                    return appThreads(afterHolder[0], baselineNames, namesHolder[0]) <= baseline + 4;
                });
                int after = afterHolder[0];
                Map<String, Integer> afterNames = namesHolder[0];
                System.out.printf("[smtp-peers] RESULT healthy %d sent in %d ms while %d broken-peer messages were tried;"
                                + " all written after %d ms; sessions open: healthy %d dropping %d silent %d greet421 %d (0 after %d ms);"
                                + " sessions opened: dropping %d silent %d greet421 %d (refused %d); threads: before start %d,"
                                + " running baseline %d, after failures %d%n", HEALTHY, healthyMs, 4 * EACH, allWrittenMs,
                        healthy.counters().currentSessions(), dropping.counters().currentSessions(),
                        silent.counters().currentSessions(), greeting421.counters().currentSessions(), sessionsClosedMs,
                        dropping.counters().sessionsOpened(), silent.counters().sessionsOpened(),
                        greeting421.counters().sessionsOpened(), greeting421.counters().sessionsRefused(),
                        threadsBeforeStart, baseline, after);
                System.out.printf("[smtp-peers] thread groups changed: %s%n", diff(baselineNames, afterNames));
                // "pool-N-thread-M" threads are the in-JVM simulators' session workers (subethasmtp's cached executor,
                // idle for 60 s after a session): test side, at most one per session the broken peers served
                int simulatorWorkers = Math.max(0, afterNames.getOrDefault("pool-#-thread-#", 0)
                        - baselineNames.getOrDefault("pool-#-thread-#", 0));
                long brokenSessions = dropping.counters().sessionsOpened() + silent.counters().sessionsOpened()
                        + greeting421.counters().sessionsOpened() + greeting421.counters().sessionsRefused();
                System.out.printf("[smtp-peers] app threads after failures = %d - %d simulator workers = %d (baseline %d);"
                        + " a new pool thread: %s%n", after, simulatorWorkers, after - simulatorWorkers, baseline, poolThreadStack());
                assertThat((long) simulatorWorkers).isLessThanOrEqualTo(brokenSessions);
                // the broken peers' mail is parked (flow control): the embedded Artemis grows its own elastic pools
                // ("activemq-*" threads, idle-timed out by the broker), which is not a leak of the send path
                assertThat(appThreads(after, baselineNames, afterNames))
                        .as("no thread leak from failed sends: " + diff(baselineNames, afterNames))
                        .isLessThanOrEqualTo(baseline + 4);
                assertThat(app.context().getStatus().isStarted()).isTrue();
            }
            // a stopped app leaves no thread of its own behind (the simulators, still open here, keep their
            // session workers for 60 s; the test database's pool predates the start)
            Map<String, Integer> beforeStartNames = namesBeforeStart;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(leftAfterStop(beforeStartNames, threadGroups()))
                            .as("threads of the app left after its stop").isEmpty());
        }
    }

    static String poolThreadStack() {
        return Thread.getAllStackTraces().entrySet().stream().filter(e -> e.getKey().getName().startsWith("pool-"))
                .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("subetha")))
                .findFirst().map(e -> e.getKey().getName() + " in " + java.util.Arrays.toString(e.getValue()))
                .orElse("(none running in subethasmtp code; idle executor threads)");
    }

    static List<String> emails(String local, String domain, int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(local + i + "@" + domain);
        }
        return l;
    }

    static Set<Integer> reasons(Campaign campaign, List<Long> ids) throws Exception {
        Set<Integer> r = new java.util.HashSet<>();
        for (long id : ids) {
            r.add(campaign.row(id).failureReason());
        }
        return r;
    }

    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live threads by name with digits replaced (pool-3-thread-7 -> pool-#-thread-#). */
    static Map<String, Integer> threadGroups() {
        // Awaitility's poller is the test's own thread
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("awaitility"))
                .collect(Collectors.toMap(t -> t.getName().replaceAll("\\d+", "#"), t -> 1, Integer::sum, TreeMap::new));
    }

    static String diff(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> d = new TreeMap<>();
        after.forEach((k, v) -> {
            int delta = v - before.getOrDefault(k, 0);
            if (delta != 0) {
                d.put(k, delta);
            }
        });
        before.forEach((k, v) -> {
            if (!after.containsKey(k)) {
                d.put(k, -v);
            }
        });
        return d.toString();
    }

    /**
     * Live threads less the simulators' new session workers ("pool-N-thread-M", subethasmtp's cached executor,
     * test side) and the embedded Artemis' elastic pools ("activemq-*", idle-timed out by the broker): the threads
     * the send path could have leaked.
     */
    static int appThreads(int live, Map<String, Integer> baselineNames, Map<String, Integer> names) {
        int simulatorWorkers = Math.max(0, names.getOrDefault("pool-#-thread-#", 0)
                - baselineNames.getOrDefault("pool-#-thread-#", 0));
        int broker = Math.max(0, brokerThreads(names) - brokerThreads(baselineNames));
        return live - simulatorWorkers - broker;
    }

    /** Thread groups that grew since before the start, less the simulators' workers and Artemis' global pools. */
    static Map<String, Integer> leftAfterStop(Map<String, Integer> beforeStart, Map<String, Integer> now) {
        Map<String, Integer> left = new TreeMap<>();
        now.forEach((name, n) -> {
            int grown = n - beforeStart.getOrDefault(name, 0);
            // Artemis' client keeps JVM-wide pools ("activemq-client-global", in-VM connector threads) that outlive
            // one client and idle out by themselves: not the app's
            if (grown > 0 && !name.equals("pool-#-thread-#") && !name.contains("activemq")) {
                left.put(name, grown);
            }
        });
        return left;
    }

    private static int brokerThreads(Map<String, Integer> groups) {
        return groups.entrySet().stream().filter(e -> e.getKey().contains("activemq")).mapToInt(Map.Entry::getValue).sum();
    }
}
