package io.sluice.lifecycle;

import io.sluice.diagnosis.Diagnosis;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.testsupport.CapturedLog;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.ObjectName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sluice.lifecycle.DeliveryLifecycleTest.JMX;
import static io.sluice.lifecycle.DeliveryLifecycleTest.emails;
import static io.sluice.lifecycle.DeliveryLifecycleTest.mbean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery started (55) before its broadlog rows exist, its rows written in a later transaction, as an ETL or
 * Campaign's own analysis does: the real application, the real route files, PostgreSQL and the embedded database.
 */
class DeliveryRowsWrittenLateTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** The SMTP server and the app's policy; each case opens its own database of the kind under test. */
    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    SluiceApp.Builder app(TestDatabase db, int siteRate) {
        return fixture.fixedRateApp(db, siteRate);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldSendTheRowsOfADeliveryStartedBeforeTheyWereWritten(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); SluiceApp app = app(db, 5).start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().state(55).create();
            lifecycleTicks(app, 2);
            assertThat(campaign.deliveryState(delivery)).as("an empty delivery waits for its rows (grace period)")
                    .isEqualTo(55);
            ObjectName mbean = mbean(app, delivery);
            await().atMost(Duration.ofSeconds(10)).until(() -> ((String) JMX.getAttribute(mbean, "Summary"))
                    .contains("no broadlog rows yet"));

            campaign.pendingMany(delivery, emails(20, "etl.test"));
            Instant written = Instant.now();
            await().atMost(WAIT).until(() -> (Long) JMX.getAttribute(mbean, "Total") == 20L);
            await().atMost(WAIT).until(() -> campaign.deliveryState(delivery) == 95);
            System.out.printf("[late-rows] %s: 20 rows written after the start sent, delivery finished %d ms later%n",
                    kind, Duration.between(written, Instant.now()).toMillis());
            assertThat(received("etl.test")).hasSize(20);
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = " + delivery))
                    .as("every row Sent").isEqualTo(20);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldFailWithAReasonRowsWrittenAfterTheirDeliveryFinished(String kind) throws Exception {
        try (CapturedLog log = CapturedLog.warnings(); TestDatabase db = TestDatabase.open(kind);
             SluiceApp app = app(db, 50).property("sluice.lifecycle.empty-delivery-grace", "0s").start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().state(55).create();
            await().atMost(Duration.ofSeconds(20)).until(() -> campaign.deliveryState(delivery) == 95);

            campaign.pendingMany(delivery, emails(5, "too-late.test"));
            Instant written = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6 AND iDeliveryId = " + delivery) == 0);
            System.out.printf("[late-rows] %s: 5 rows written after the finish failed %d ms later%n", kind,
                    Duration.between(written, Instant.now()).toMillis());
            assertThat(campaign.rowsOf(delivery).values()).hasSize(5).allSatisfy(row -> {
                assertThat(row.status()).as("Failed").isEqualTo(2);
                assertThat(row.failureType()).as("ignored: not the address's fault").isEqualTo(0);
                assertThat(row.msgText()).isEqualTo("The delivery was already finished when this message was added");
            });
            assertThat(received("too-late.test")).isEmpty();
            assertThat(campaign.deliveryState(delivery)).as("stays Finished").isEqualTo(95);
            String name = internalName(db, delivery);
            await().atMost(Duration.ofSeconds(5)).until(() -> log.lines().stream()
                    .anyMatch(l -> l.startsWith("WARN") && l.contains(name) && l.contains("5 row(s)")));

            String report = (String) JMX.invoke(Diagnosis.objectName(app.context().getName()), "report",
                    new Object[]{delivery}, new String[]{"long"});
            System.out.println(report);
            // Sluice ended them itself (never prepared, so without a domain): held against no domain, shown apart
            assertThat(report).contains("0 failed").contains("5 ended by Sluice itself")
                    .contains("5 x added after the delivery finished");
        }
    }

    static void lifecycleTicks(SluiceApp app, int ticks) {
        NotifyBuilder notify = new NotifyBuilder(app.context()).fromRoute("delivery-lifecycle").whenCompleted(ticks).create();
        assertThat(notify.matches(20, TimeUnit.SECONDS)).as(ticks + " lifecycle ticks").isTrue();
    }

    static String internalName(TestDatabase db, long delivery) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sInternalName FROM NmsDelivery WHERE iDeliveryId = " + delivery)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    List<ReceivedMessage> received(String domain) {
        return fixture.received(domain);
    }
}
