package io.sluice.flowcontrol.camel;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.parking.Parking;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Dynamic flow control through the real routes: a real SMTP server per test whose domains defer, suspend,
 * refuse or heal; the real PostgreSQL campaign database; short windows so a test takes seconds.
 */
class FlowControlRoutesTest {

    /** Short windows and a test suspend rule layered over the shipped domains.yaml. */
    static String policy(int smtpPort, String extraDomains) {
        return "defaults:\n"
                + "  transport: \"smtp://127.0.0.1:" + smtpPort + "\"\n"
                + "  flow:\n"
                + "    initialRate: 20\n"
                + "    minRate: 0.5\n"
                + "    maxRate: 200\n"
                + "    window: 1s\n"
                + "    upHoldoff: 1s\n"
                + "    minAttempts: 5\n"
                + "    probeRate: 5\n"
                + "    probeSuccesses: 3\n"
                + "domains:\n" + (extraDomains.isEmpty() ? "  {}\n" : extraDomains)
                + "rules:\n"
                + "  - name: test-suspend\n"
                + "    match: 'SUSPEND-ME'\n"
                + "    action: suspend\n"
                + "    duration: 4s\n"
                + "    source: test\n";
    }

    TestDatabase db;
    Campaign campaign;
    SmtpSimulator smtp;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.open("postgresql");
        campaign = new Campaign(db.dataSource());
        smtp = SmtpSimulator.builder().captureCapacity(20_000).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        smtp.close();
        db.close();
    }

    private SluiceApp.Builder app(String extraDomains) {
        return SluiceApp.builder().database(db.url(), db.user()).domains(policy(smtp.port(), extraDomains));
    }

    private static FlowControlRegistry registry(SluiceApp app) {
        return app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
    }

    private List<Long> rows(long delivery, String domain, int n) throws Exception {
        return campaign.pendingMany(delivery, IntStream.range(0, n).mapToObj(i -> "u" + i + "@" + domain).toList());
    }

    @Test
    void shouldBackOffWithinOneWindowOnTryAgainLaterThenRampUpGraduallyAfterHealing() throws Exception {
        smtp.setBehaviour("slow.test", DomainBehaviour.defer("421 4.7.0 Try again later"));
        long delivery = campaign.delivery().retries(1000, 1).create();
        rows(delivery, "slow.test", 1500);
        List<Double> rates = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (SluiceApp app = app("").start()) {
            DomainFlow flow = registry(app).flow("slow.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> flow.getState() == DomainFlow.State.BACKOFF);
            double backedOff = flow.currentRate();
            assertThat(backedOff).as("rate halved from 20").isLessThanOrEqualTo(10.0);

            smtp.setBehaviour("slow.test", DomainBehaviour.accept());
            sampler.scheduleAtFixedRate(() -> rates.add(flow.currentRate()), 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(40)).until(() -> flow.currentRate() >= backedOff * 1.5);
            sampler.shutdownNow();
            assertThat(flow.getState()).isEqualTo(DomainFlow.State.NORMAL);
        } finally {
            sampler.shutdownNow();
        }
        for (int i = 1; i < rates.size(); i++) {
            assertThat(rates.get(i)).as("never more than +10%% per step (%s)", rates)
                    .isLessThanOrEqualTo(rates.get(i - 1) * 1.1 + 1e-9);
        }
        assertThat(rates.stream().distinct().count()).as("several gradual steps, no snap to max").isGreaterThanOrEqualTo(4);
    }

    @Test
    void shouldSendNothingToASuspendedDomainThenProbeAndRecover() throws Exception {
        smtp.setBehaviour("tss.test", DomainBehaviour.defer("421 4.7.0 [TS99] SUSPEND-ME deferred"));
        long delivery = campaign.delivery().retries(1000, 1).create();
        rows(delivery, "tss.test", 60);
        try (SluiceApp app = app("").start()) {
            DomainFlow flow = registry(app).flow("tss.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> flow.getState() == DomainFlow.State.SUSPENDED);
            smtp.setBehaviour("tss.test", DomainBehaviour.accept()); // healed, but we must not know yet
            long attemptsAtSuspension = smtp.counters().deferredRecipients("tss.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp b"
                    + " JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId WHERE b.iStatus = 6 AND m.sText = '"
                    + Parking.DYNAMIC_FLOW_CONTROL + "'") > 0);
            assertThat(flow.snapshot().until()).isNotNull();
            // messages already on the wire when the suspension began may still complete (at most one per
            // sender thread); after that, nothing new reaches the server until the suspension ends
            Thread.sleep(500); // let the in-flight transactions of the suspension's first instant finish
            long inFlightAtSuspension = smtp.counters().acceptedRecipients("tss.test");
            assertThat(inFlightAtSuspension).as("in flight when suspended").isLessThanOrEqualTo(8);
            while (true) {
                // read the server first: if the flow is still suspended afterwards, the reading was taken while
                // it was
                long accepted = smtp.counters().acceptedRecipients("tss.test");
                if (flow.snapshot().state() != DomainFlow.State.SUSPENDED) {
                    break;
                }
                assertThat(accepted).as("accepted while suspended").isEqualTo(inFlightAtSuspension);
                Thread.sleep(100); // observing the suspension as it runs, not waiting for an event
            }
            assertThat(smtp.counters().deferredRecipients("tss.test")).isLessThanOrEqualTo(attemptsAtSuspension + 8);
            await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == 60);
            assertThat(flow.getState()).as("probes succeeded").isEqualTo(DomainFlow.State.NORMAL);
        }
        assertThat(sentOncePerRow()).isTrue();
    }

    @Test
    void shouldKeepALongSuspendedDomainsBacklogInTheDatabaseNotOnTheBrokerAndSendItOnceTheSuspensionEnds() throws Exception {
        int vmId = 700 + java.util.concurrent.ThreadLocalRandom.current().nextInt(250);
        try (SluiceApp app = app("").property("sluice.broker.embedded.vm-id", String.valueOf(vmId))
                .property("sluice.flow.broker-horizon", "3s").start()) {
            DomainFlow flow = registry(app).flow("held.test");
            flow.suspend(Duration.ofSeconds(10), "test: longer than the 3 s broker horizon");
            java.time.Instant suspendedUntil = flow.snapshot().until();
            // written as the campaign platform does: rows first, then the delivery In progress
            long delivery = campaign.delivery().state(0).retries(1000, 1).create();
            rows(delivery, "held.test", 100);
            rows(delivery, "open.test", 20);
            campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
            String parkedInDatabase = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                    + " WHERE b.iStatus = 6 AND b.sDomain = 'held.test' AND b.sClaimToken IS NULL AND m.sText = '"
                    + Parking.DYNAMIC_FLOW_CONTROL + "' AND b.tsNextTry >= TIMESTAMP '"
                    + java.sql.Timestamp.from(suspendedUntil.minusMillis(1)) + "'";
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.getState() == DomainFlow.State.SUSPENDED
                    && campaign.count(parkedInDatabase) == 100);
            // the healthy domain is sent meanwhile
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.getState() == DomainFlow.State.SUSPENDED && campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND sDomain = 'open.test'") == 20);
            assertThat(io.sluice.testsupport.ParkedQueue.of(vmId).messages())
                    .as("nothing of the suspended backlog is held by the broker").isZero();
            assertThat(smtp.counters().acceptedRecipients("held.test")).isZero();

            // due again when the suspension ends: claimed, probed, sent, each exactly once
            await().atMost(Duration.ofSeconds(90)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND sDomain = 'held.test'") == 100);
            assertThat(flow.getState()).isEqualTo(DomainFlow.State.NORMAL);
        }
        assertThat(sentOncePerRow()).isTrue();
        assertThat(smtp.counters().acceptedRecipients("held.test")).isEqualTo(100);
    }

    @Test
    void shouldNotSlowAHealthyDomainWhileAnotherIsSuspendedOrRefusingConnections() throws Exception {
        long alone = timeToSend(false);
        long withBadDomains = timeToSend(true);
        System.out.printf("healthy domain, 400 messages: alone %d ms, beside a suspended and a refusing domain %d ms%n",
                alone, withBadDomains);
        assertThat(withBadDomains).as("same order of magnitude, no stall").isLessThan(alone * 3 + 3000);
    }

    private long timeToSend(boolean withBadDomains) throws Exception {
        smtp.setBehaviour("suspend.test", DomainBehaviour.defer("421 4.7.0 SUSPEND-ME"));
        long delivery = campaign.delivery().retries(1000, 1).create();
        List<Long> healthy = rows(delivery, "healthy" + withBadDomains + ".test", 400);
        String refusing = "";
        if (withBadDomains) {
            rows(delivery, "suspend.test", 300);
            rows(delivery, "refused.test", 300);
            refusing = "  refused.test:\n    transport: \"smtp://127.0.0.1:" + closedPort() + "\"\n";
        }
        String ids = healthy.stream().map(String::valueOf).collect(Collectors.joining(","));
        try (SluiceApp app = app(refusing).start()) {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iBroadLogId IN (" + ids + ")") == 400);
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void shouldKeepParkedMailAcrossARestartAndSendItExactlyOnce() throws Exception {
        smtp.setBehaviour("park.test", DomainBehaviour.defer("421 4.7.0 SUSPEND-ME"));
        long delivery = campaign.delivery().retries(1000, 1).create();
        rows(delivery, "park.test", 50);
        Path dataDir = Files.createTempDirectory("sluice-restart");
        String parkedRows = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                + " WHERE b.iStatus = 6 AND m.sText = '" + Parking.DYNAMIC_FLOW_CONTROL + "'";
        try (SluiceApp app = app("").property("sluice.data-dir", dataDir.toString()).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> campaign.count(parkedRows) >= 20);
        }
        long parked = campaign.count(parkedRows);
        smtp.setBehaviour("park.test", DomainBehaviour.accept());
        try (SluiceApp app = app("").property("sluice.data-dir", dataDir.toString()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == 50);
        }
        System.out.printf("%d messages were parked across the restart%n", parked);
        assertThat(parked).isPositive();
        assertThat(sentOncePerRow()).isTrue();
        assertThat(smtp.counters().acceptedRecipients("park.test")).isEqualTo(50);
    }

    @Test
    void shouldReportASenderSideProblemInsteadOfBackingOffEveryDomain() throws Exception {
        long delivery = campaign.delivery().retries(1000, 1).html("{{#broken}} never closed").create();
        for (int d = 0; d < 5; d++) {
            rows(delivery, "d" + d + ".test", 20);
        }
        try (SluiceApp app = app("").start()) {
            FlowControlRegistry registry = registry(app);
            await().atMost(Duration.ofSeconds(20)).until(registry::senderPaused);
            assertThat(registry.getSenderState().snapshot().reason()).isNotBlank();
            assertThat(registry.snapshots()).isNotEmpty().allSatisfy(s ->
                    assertThat(s.state()).as("%s must not back off for our own error", s.key())
                            .isEqualTo(DomainFlow.State.NORMAL));
        }
        assertThat(smtp.receivedMessages()).isEmpty();
    }

    @Test
    void shouldRefuseToStartWithAnInvalidFlowSettingNamingTheKey() {
        assertThatThrownBy(() -> SluiceApp.builder().database(db.url(), db.user())
                .domains("defaults:\n  flow:\n    maxRate: -3\n").start())
                .hasStackTraceContaining("maxRate");
        assertThatThrownBy(() -> SluiceApp.builder().database(db.url(), db.user())
                .domains("domains:\n  gmail.com:\n    flow:\n      backoffFactor: 1.5\n").start())
                .hasStackTraceContaining("domains.gmail.com.flow.backoffFactor");
        assertThatThrownBy(() -> SluiceApp.builder().database(db.url(), db.user())
                .domains("domains:\n  x.test:\n    transprt: \"smtp://127.0.0.1:25\"\n").start())
                .hasStackTraceContaining("transprt");
    }

    private boolean sentOncePerRow() {
        Map<String, Long> perId = smtp.receivedMessages().stream()
                .collect(Collectors.groupingBy(m -> m.header("X-Broadlog-Id").orElseThrow(), Collectors.counting()));
        return perId.values().stream().allMatch(n -> n == 1);
    }

    static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
