package io.sluice.flowcontrol.camel;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.bench.HealthyAlongsideRun;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.parking.Parking;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Dynamic flow control through the real routes: a real SMTP server per test whose domains defer, suspend,
 * refuse or heal; the real PostgreSQL campaign database; short windows so a test takes seconds.
 */
class FlowControlRoutesTest {

    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    private SluiceApp.Builder app(String extraDomains) {
        return fixture.app().domains(fixture.shortWindowPolicy(extraDomains));
    }

    private static FlowControlRegistry registry(SluiceApp app) {
        return app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
    }

    private List<Long> rows(long delivery, String domain, int n) throws Exception {
        return fixture.rows(delivery, domain, n);
    }

    @Test
    void shouldBackOffWithinOneWindowOnTryAgainLaterThenRampUpGraduallyAfterHealing() throws Exception {
        fixture.smtp().setBehaviour("slow.test", DomainBehaviour.defer("421 4.7.0 Try again later"));
        long delivery = fixture.campaign().delivery().retries(1000, 1).create();
        rows(delivery, "slow.test", 1500);
        List<Double> rates = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (SluiceApp app = app("").start()) {
            DomainFlow flow = registry(app).flow("slow.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> flow.getState() == DomainFlow.State.BACKOFF);
            double backedOff = flow.currentRate();
            assertThat(backedOff).as("rate halved from 20").isLessThanOrEqualTo(10.0);

            fixture.smtp().setBehaviour("slow.test", DomainBehaviour.accept());
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
        fixture.smtp().setBehaviour("tss.test", DomainBehaviour.defer("421 4.7.0 [TS99] SUSPEND-ME deferred"));
        long delivery = fixture.campaign().delivery().retries(1000, 1).create();
        rows(delivery, "tss.test", 60);
        try (SluiceApp app = app("").start()) {
            DomainFlow flow = registry(app).flow("tss.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> flow.getState() == DomainFlow.State.SUSPENDED);
            fixture.smtp().setBehaviour("tss.test", DomainBehaviour.accept()); // healed, but we must not know yet
            long attemptsAtSuspension = fixture.smtp().counters().deferredRecipients("tss.test");
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.campaign().count("SELECT COUNT(*) FROM NmsBroadLogRcp b"
                    + " JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId WHERE b.iStatus = 6 AND m.sText = '"
                    + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "'") > 0);
            assertThat(flow.snapshot().until()).isNotNull();
            // messages already on the wire when the suspension began may still complete (at most one per
            // sender thread); after that, nothing new reaches the server until the suspension ends
            // let the in-flight transactions of the suspension's first instant finish: the count stops moving
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                long now = fixture.smtp().counters().acceptedRecipients("tss.test");
                boolean settled = now == last[0];
                last[0] = now;
                return settled;
            });
            long inFlightAtSuspension = last[0];
            assertThat(inFlightAtSuspension).as("in flight when suspended").isLessThanOrEqualTo(8);
            // observing the suspension as it runs until it ends: nothing more is accepted meanwhile
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                // read the server first: if the flow is still suspended afterwards, the reading was taken while
                // it was
                long accepted = fixture.smtp().counters().acceptedRecipients("tss.test");
                if (flow.snapshot().state() != DomainFlow.State.SUSPENDED) {
                    return true;
                }
                assertThat(accepted).as("accepted while suspended").isEqualTo(inFlightAtSuspension);
                return false;
            });
            assertThat(fixture.smtp().counters().deferredRecipients("tss.test")).isLessThanOrEqualTo(attemptsAtSuspension + 8);
            await().atMost(Duration.ofSeconds(60)).until(() -> fixture.campaign().count(
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
            long delivery = fixture.campaign().delivery().state(0).retries(1000, 1).create();
            rows(delivery, "held.test", 100);
            rows(delivery, "open.test", 20);
            fixture.campaign().execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
            String parkedInDatabase = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                    + " WHERE b.iStatus = 6 AND b.sDomain = 'held.test' AND b.sClaimToken IS NULL AND m.sText = '"
                    + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "' AND b.tsNextTry >= TIMESTAMP '"
                    + java.sql.Timestamp.from(suspendedUntil.minusMillis(1)) + "'";
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.getState() == DomainFlow.State.SUSPENDED
                    && fixture.campaign().count(parkedInDatabase) == 100);
            // the healthy domain is sent meanwhile
            await().atMost(Duration.ofSeconds(30)).until(() -> flow.getState() == DomainFlow.State.SUSPENDED && fixture.campaign().count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND sDomain = 'open.test'") == 20);
            assertThat(io.sluice.testsupport.ParkedQueue.of(vmId).messages())
                    .as("nothing of the suspended backlog is held by the broker").isZero();
            assertThat(fixture.smtp().counters().acceptedRecipients("held.test")).isZero();

            // due again when the suspension ends: claimed, probed, sent, each exactly once
            await().atMost(Duration.ofSeconds(90)).until(() -> fixture.campaign().count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND sDomain = 'held.test'") == 100);
            assertThat(flow.getState()).isEqualTo(DomainFlow.State.NORMAL);
        }
        assertThat(sentOncePerRow()).isTrue();
        assertThat(fixture.smtp().counters().acceptedRecipients("held.test")).isEqualTo(100);
    }

    @Test
    void shouldSendAHealthyDomainInFullWhileAnotherIsSuspendedAndAThirdRefusesConnections() throws Exception {
        // the time it takes against the time alone is a wall-clock comparison: bench/healthy-alongside
        HealthyAlongsideRun.sendHealthy(fixture.campaign(), fixture.app(), fixture.smtp(), 400, true);
        assertThat(fixture.smtp().counters().acceptedRecipients(HealthyAlongsideRun.HEALTHY_BESIDE)).isEqualTo(400);
        assertThat(fixture.smtp().counters().acceptedRecipients("refused.test")).isZero();
    }

    @Test
    void shouldKeepParkedMailAcrossARestartAndSendItExactlyOnce() throws Exception {
        fixture.smtp().setBehaviour("park.test", DomainBehaviour.defer("421 4.7.0 SUSPEND-ME"));
        long delivery = fixture.campaign().delivery().retries(1000, 1).create();
        rows(delivery, "park.test", 50);
        Path dataDir = Files.createTempDirectory("sluice-restart");
        String parkedRows = "SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                + " WHERE b.iStatus = 6 AND m.sText = '" + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "'";
        try (SluiceApp app = app("").property("sluice.data-dir", dataDir.toString()).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> fixture.campaign().count(parkedRows) >= 20);
        }
        long parked = fixture.campaign().count(parkedRows);
        fixture.smtp().setBehaviour("park.test", DomainBehaviour.accept());
        try (SluiceApp app = app("").property("sluice.data-dir", dataDir.toString()).start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> fixture.campaign().count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == 50);
        }
        System.out.printf("%d messages were parked across the restart%n", parked);
        assertThat(parked).isPositive();
        assertThat(sentOncePerRow()).isTrue();
        assertThat(fixture.smtp().counters().acceptedRecipients("park.test")).isEqualTo(50);
    }

    @Test
    void shouldReportASenderSideProblemInsteadOfBackingOffEveryDomain() throws Exception {
        long delivery = fixture.campaign().delivery().retries(1000, 1).html("{{#broken}} never closed").create();
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
        assertThat(fixture.smtp().receivedMessages()).isEmpty();
    }

    @Test
    void shouldRefuseToStartWithAnInvalidFlowSettingNamingTheKey() throws Exception {
        assertThatThrownBy(() -> fixture.app()
                .domains("defaults:\n  flow:\n    maxRate: -3\n").start())
                .hasStackTraceContaining("maxRate");
        assertThatThrownBy(() -> fixture.app()
                .domains("domains:\n  gmail.com:\n    flow:\n      backoffFactor: 1.5\n").start())
                .hasStackTraceContaining("domains.gmail.com.flow.backoffFactor");
        assertThatThrownBy(() -> fixture.app()
                .domains("domains:\n  x.test:\n    transprt: \"smtp://127.0.0.1:25\"\n").start())
                .hasStackTraceContaining("transprt");
        // and none of the three left its connection pool open: it stayed, retrying the database for the rest of the
        // suite (stop 33). Only the test's own pool (at most 4) is connected once a refused one would have filled up.
        Thread.sleep(2000);
        try (var c = fixture.db().dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")) {
            rs.next();
            assertThat(rs.getInt(1)).as("connections to the database after three refused starts").isLessThanOrEqualTo(4);
        }
    }

    private boolean sentOncePerRow() {
        Map<String, Long> perId = fixture.smtp().receivedMessages().stream()
                .collect(Collectors.groupingBy(m -> m.header("X-Broadlog-Id").orElseThrow(), Collectors.counting()));
        return perId.values().stream().allMatch(n -> n == 1);
    }
}
