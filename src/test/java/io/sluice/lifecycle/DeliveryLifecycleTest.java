package io.sluice.lifecycle;

import io.sluice.testsupport.TestClock;
import io.sluice.broadlog.BroadlogTexts;
import io.sluice.parking.Parking;
import io.sluice.progress.DeliveryProgressMonitor;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.ParkedQueue;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pause, resume, stop, validity, sending windows and per-delivery caps through the real application: real route
 * files, the real PostgreSQL campaign database, a real SMTP server on loopback. The pause/stop/resume commands
 * are written as the campaign platform writes them (iState) or called on the delivery's MBean.
 */
class DeliveryLifecycleTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    TestDatabase db;
    Campaign campaign;
    SmtpSimulator smtp;

    @BeforeEach
    void useFixture() {
        db = fixture.db();
        campaign = fixture.campaign();
        smtp = fixture.smtp();
    }

    /** Every domain to the test server, at a fixed rate (the site's flow control). */
    SluiceApp.Builder app(int siteRate) {
        return app(db, siteRate);
    }

    SluiceApp.Builder app(TestDatabase db, int siteRate) {
        return fixture.fixedRateApp(db, siteRate);
    }

    @Test
    void shouldStopSendingWithinOnePollWhenPausedThenSendEveryMessageExactlyOnceAfterResume() throws Exception {
        int rate = 20;
        try (SluiceApp app = app(rate).start()) {
            long delivery = running(300, "pause.test");
            ObjectName mbean = mbean(app, delivery);
            await().atMost(WAIT).until(() -> received("pause.test").size() >= 40);

            Instant pausedAt = Instant.now();
            int atPause = received("pause.test").size();
            assertThat((String) JMX.invoke(mbean, "pause", null, null)).contains("71");
            assertThat(campaign.deliveryState(delivery)).as("Pause requested, as the platform writes it").isEqualTo(71);
            await().atMost(Duration.ofSeconds(20)).until(() -> campaign.deliveryState(delivery) == 75);
            int atPaused = received("pause.test").size();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> received("pause.test").size() == atPaused);
            List<ReceivedMessage> beforeResume = received("pause.test");
            Instant last = beforeResume.stream().map(ReceivedMessage::receivedAt).max(Instant::compareTo).orElseThrow();
            System.out.printf("pause: %d received when paused, %d more after the pause request, last one %d ms after it%n",
                    atPause, atPaused - atPause, Duration.between(pausedAt, last).toMillis());
            assertThat(Duration.between(pausedAt, last))
                    .as("nothing reaches the server later than one poll (1 s) + an SMTP transaction after the pause")
                    .isLessThan(Duration.ofMillis(2500));
            assertThat(atPaused - atPause).as("at most one poll of sending + the sender threads in flight")
                    .isLessThanOrEqualTo(rate * 2 + 8);
            assertThat(beforeResume.size()).as("the delivery really stopped midway").isLessThan(300);
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + delivery))
                    .as("every message received is written back as Sent").isEqualTo(beforeResume.size());

            assertThat((String) JMX.invoke(mbean, "setCap", new Object[]{1000}, new String[]{"int"})).contains("1000");
            assertThat(campaign.count("SELECT iMaxRate FROM SluiceDeliveryControl WHERE iDeliveryId = " + delivery)).isEqualTo(1000);
            assertThat((String) JMX.invoke(mbean, "resume", null, null)).contains("55");
            await().atMost(WAIT).until(() -> campaign.deliveryState(delivery) == 95);
            assertThat(received("pause.test")).hasSize(300);
            assertThat(broadlogIds(received("pause.test"))).as("each message exactly once").hasSize(300);
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + delivery))
                    .isEqualTo(300);
            // messages held back by the pause gave their in-memory place at the site back (a leaked place per held
            // message would, past sluice.flow.max-in-memory-per-domain, park the site's mail forever)
            assertThat(app.context().getRegistry().lookupByNameAndType("flowGate", io.sluice.flowcontrol.camel.FlowGate.class)
                    .inMemory("pause.test")).as("in-memory places of the site once everything is sent").isZero();
        }
    }

    @Test
    void shouldCancelPendingRowsAndRemoveParkedMailFromTheBrokerWhenStopped() throws Exception {
        int vmId = 700 + ThreadLocalRandom.current().nextInt(250);
        try (SluiceApp app = app(5).property("sluice.broker.embedded.vm-id", String.valueOf(vmId)).start()) {
            long delivery = running(120, "stop.test");
            // at 5 msg/s most of the batch is parked on the broker with its slot
            await().atMost(WAIT).until(() -> parked(delivery) >= 50 && !received("stop.test").isEmpty());
            ParkedQueue queue = ParkedQueue.of(vmId);
            assertThat(queue.messages()).as("parked mail of the delivery is on the broker").isGreaterThan(0);

            campaign.execute("UPDATE NmsDelivery SET iState = 85 WHERE iDeliveryId = " + delivery);
            await().atMost(Duration.ofSeconds(20)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6 AND iDeliveryId = " + delivery) == 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> queue.messages() == 0);
            int atStop = received("stop.test").size();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> received("stop.test").size() == atStop);

            long sent = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + delivery);
            long cancelled = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 7 AND iDeliveryId = " + delivery);
            System.out.printf("stop: %d sent, %d cancelled, broker queue %d messages%n", sent, cancelled, queue.messages());
            assertThat(sent + cancelled).as("every row Sent or Delivery cancelled").isEqualTo(120);
            assertThat(cancelled).isGreaterThan(50);
            assertThat(sent).as("the server got exactly the rows written Sent").isEqualTo(atStop);
            assertThat(broadlogIds(received("stop.test"))).hasSize(atStop);
            assertThat(queue.messages()).as("nothing left on the broker").isEqualTo(0L);
            assertThat(campaign.deliveryState(delivery)).as("stays Stopped").isEqualTo(85);
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                    + " WHERE b.iStatus = 7 AND m.sText = '" + BroadlogTexts.CANCELLED + "' AND b.iDeliveryId = " + delivery))
                    .isEqualTo(cancelled);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldFailRemainingRowsAsExpiredAndFinishWhenValidityPasses(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); SluiceApp app = app(db, 50).start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().state(0).validity(Instant.now().plusSeconds(4)).create();
            campaign.pendingMany(delivery, emails(5, "late.test"));
            // waiting for their next try, an hour away: only the validity can end them
            campaign.execute("UPDATE NmsBroadLogRcp SET tsNextTry = CURRENT_TIMESTAMP + INTERVAL '1' HOUR, iRetry = 1"
                    + " WHERE iDeliveryId = " + delivery);
            // and a paused delivery past its validity finishes too
            long paused = campaign.delivery().state(75).validity(Instant.now().plusSeconds(4)).create();
            campaign.pendingMany(paused, emails(3, "late.test").stream().map(e -> "paused-" + e).toList());
            campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);

            await().atMost(Duration.ofSeconds(30)).until(() -> campaign.deliveryState(delivery) == 95
                    && campaign.deliveryState(paused) == 95);
            List<Campaign.Row> rows = new ArrayList<>(campaign.rowsOf(delivery).values());
            rows.addAll(campaign.rowsOf(paused).values());
            assertThat(rows).hasSize(8).allSatisfy(row -> {
                assertThat(row.status()).as("Failed").isEqualTo(2);
                assertThat(row.failureType()).as("soft").isEqualTo(1);
                assertThat(row.msgText()).isEqualTo("Validity period of the delivery has expired");
            });
            assertThat(received("late.test")).isEmpty();
        }
    }

    @Test
    void shouldSendNothingOutsideTheSendingWindowAndEverythingOnceItOpens() throws Exception {
        TestClock clock = TestClock.wallClockPlusOffset();
        Instant now = Instant.now();
        // the global window opens two hours from now (UTC), for an hour
        String from = now.plus(Duration.ofHours(2)).atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
        String to = now.plus(Duration.ofHours(3)).atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
        String openNow = now.minus(Duration.ofHours(1)).atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES)
                + "-" + now.plus(Duration.ofHours(1)).atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        try (SluiceApp app = app(50).bean("sluiceClock", clock)
                .property("sluice.window.days", "*")
                .property("sluice.window.from", from)
                .property("sluice.window.to", to)
                .property("sluice.window.zone", "UTC")
                .start()) {
            long waiting = campaign.delivery().state(0).create();
            campaign.pendingMany(waiting, emails(10, "window.test"));
            long ownWindow = campaign.delivery().state(0).create();
            campaign.pendingMany(ownWindow, emails(5, "own.test"));
            campaign.execute("INSERT INTO SluiceDeliveryControl (iDeliveryId, sWindow) VALUES (" + ownWindow + ", '* "
                    + openNow + " UTC')");
            campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId IN (" + waiting + ", " + ownWindow + ")");

            ObjectName mbean = mbean(app, waiting);
            await().atMost(WAIT).until(() -> campaign.deliveryState(ownWindow) == 95);
            assertThat(received("own.test")).as("a delivery's own window replaces the global one").hasSize(5);
            await().atMost(Duration.ofSeconds(10)).until(() -> ((String) JMX.getAttribute(mbean, "Summary"))
                    .contains("waiting for window"));
            System.out.println("window closed: " + JMX.getAttribute(mbean, "Summary"));
            assertThat(JMX.getAttribute(mbean, "WaitingForWindow")).isEqualTo(true);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> received("window.test").isEmpty());
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6 AND iDeliveryId = " + waiting))
                    .as("rows wait").isEqualTo(10);

            clock.advance(Duration.ofHours(2).plusMinutes(1));
            await().atMost(WAIT).until(() -> campaign.deliveryState(waiting) == 95);
            assertThat(received("window.test")).hasSize(10);
            assertThat(broadlogIds(received("window.test"))).hasSize(10);
        }
    }

    @Test
    void shouldShareOneSiteFairlySoASmallDeliveryIsNotStuckBehindAHugeOne() throws Exception {
        int rate = 20;
        try (SluiceApp app = app(rate).start()) {
            // the huge delivery is older: a first-come claim would send all of it first (20 s at this site's rate)
            long huge = campaign.delivery().state(0).create();
            campaign.pendingMany(huge, emails(400, "site.test"));
            long small = campaign.delivery().state(0).create();
            campaign.pendingMany(small, emails(20, "site.test").stream().map(e -> "small-" + e).toList());
            Instant started = Instant.now();
            campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId IN (" + huge + ", " + small + ")");

            await().atMost(WAIT).until(() -> campaign.deliveryState(small) == 95);
            Duration smallTook = Duration.between(started, Instant.now());
            long hugeSent = campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + huge);
            System.out.printf("fair share: small delivery finished after %d ms; the huge one had %d/400 sent then%n",
                    smallTook.toMillis(), hugeSent);
            List<ReceivedMessage> order = received("site.test");
            System.out.println("fair share: positions of the small delivery's messages at the server: " + IntStream
                    .range(0, order.size()).filter(i -> order.get(i).recipients().get(0).startsWith("small-")).boxed().toList());
            assertThat(hugeSent).as("both progress").isGreaterThan(0);
            assertThat(hugeSent).as("the small one finishes first").isLessThan(400);
            assertThat(campaign.deliveryState(huge)).isEqualTo(55);
            await().atMost(WAIT).until(() -> campaign.deliveryState(huge) == 95);
            assertThat(received("site.test")).hasSize(420);
        }
    }

    @Test
    void shouldHoldACappedDeliveryToItsRateWhileAnotherOnTheSameSiteRunsFree() throws Exception {
        int cap = 5;
        try (SluiceApp app = app(100).start()) {
            long capped = campaign.delivery().state(0).create();
            campaign.pendingMany(capped, emails(40, "capped.test"));
            long free = campaign.delivery().state(0).create();
            campaign.pendingMany(free, emails(100, "free.test"));
            campaign.execute("INSERT INTO SluiceDeliveryControl (iDeliveryId, iMaxRate) VALUES (" + capped + ", " + cap + ")");
            campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId IN (" + capped + ", " + free + ")");

            await().atMost(WAIT).until(() -> campaign.deliveryState(capped) == 95);
            assertThat(campaign.deliveryState(free)).as("the uncapped delivery is not held back by the capped one")
                    .isEqualTo(95);
            List<Instant> times = received("capped.test").stream().map(ReceivedMessage::receivedAt).sorted().toList();
            assertThat(times).hasSize(40);
            // The throttle lets the cap through in bursts, one burst per second: the rate is measured from the first
            // burst to the last (n - cap messages over that span), and no second holds more than two bursts.
            Duration span = Duration.between(times.get(0), times.get(times.size() - 1));
            double rate = (times.size() - cap) / (span.toMillis() / 1000.0);
            int busiestSecond = IntStream.range(0, times.size()).map(i -> (int) times.stream()
                    .filter(t -> !t.isBefore(times.get(i)) && t.isBefore(times.get(i).plusSeconds(1))).count()).max().orElse(0);
            System.out.printf("cap %d msg/s: 40 messages over %d ms (%.2f msg/s), at most %d in any second (ms: %s)%n", cap,
                    span.toMillis(), rate, busiestSecond, times.stream().map(t -> Duration.between(times.get(0), t).toMillis()).toList());
            assertThat(rate).as("sent at the cap").isLessThanOrEqualTo(cap * 1.1);
            assertThat(busiestSecond).as("at most two bursts of the cap in any second").isLessThanOrEqualTo(2 * cap);
            assertThat(span).as("40 at 5/s take about 8 s").isGreaterThan(Duration.ofSeconds(6));
        }
    }

    /** A delivery of n rows to the domain, started once its rows exist. */
    long running(int n, String domain) throws Exception {
        long delivery = campaign.delivery().state(0).create();
        campaign.pendingMany(delivery, emails(n, domain));
        campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
        return delivery;
    }

    static List<String> emails(int n, String domain) {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            emails.add("r" + i + "@" + domain);
        }
        return emails;
    }

    List<ReceivedMessage> received(String domain) {
        return fixture.received(domain);
    }

    static Set<String> broadlogIds(Collection<ReceivedMessage> messages) {
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.headers().get("X-Broadlog-Id").get(0)));
        return ids;
    }

    long parked(long delivery) throws Exception {
        return campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m ON m.iBroadLogMsgId = b.iMsgId"
                + " WHERE b.iStatus = 6 AND m.sText IN ('" + BroadlogTexts.DYNAMIC_FLOW_CONTROL + "', '" + BroadlogTexts.QUOTAS_MET
                + "') AND b.iDeliveryId = " + delivery);
    }

    static ObjectName mbean(SluiceApp app, long delivery) throws Exception {
        ObjectName name = DeliveryProgressMonitor.objectName(app.context().getName(), delivery);
        await().atMost(Duration.ofSeconds(15)).until(() -> JMX.isRegistered(name));
        return name;
    }

}
