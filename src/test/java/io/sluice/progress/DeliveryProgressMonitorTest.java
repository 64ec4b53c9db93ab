package io.sluice.progress;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.EmbeddedTestDatabase;
import io.sluice.testsupport.SluiceApp;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A delivery In progress gets its MBean (and log line), which goes away when it finishes. */
class DeliveryProgressMonitorTest {

    @Test
    void shouldShowProgressWhileInProgressAndUnregisterWhenFinished() throws Exception {
        try (EmbeddedTestDatabase db = new EmbeddedTestDatabase();
             SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                     .property("sluice.progress.log-interval", "1s")
                     .property("sluice.progress.refresh-interval", "500ms")
                     .property("sluice.progress.min-refresh", "100ms")
                     .start()) {
            Campaign campaign = new Campaign(db.dataSource());
            // rows first, then In progress: a running delivery without rows is Finished at once
            long delivery = campaign.delivery().state(0).create();
            seed(db, delivery);
            campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + delivery);
            String instance = app.context().getName();
            ObjectName name = DeliveryProgressMonitor.objectName(instance, delivery);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();

            await().atMost(Duration.ofSeconds(15)).until(() -> server.isRegistered(name));
            assertThat(server.getAttribute(name, "Sent")).isEqualTo(3L);
            assertThat(server.getAttribute(name, "Failed")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "Pending")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "Total")).isEqualTo(6L);
            assertThat(server.getAttribute(name, "QueuedByFlowControl")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "Rate")).isInstanceOf(Double.class);
            assertThat((String) server.getAttribute(name, "Summary"))
                    .matches("delivery DM\\d+: 3/6 sent \\(50%\\), 1 failed, 2 queued by flow control, [0-9.,]+ msg/s, ETA .+");
            // the log route ran
            await().atMost(Duration.ofSeconds(10)).until(() -> app.context().getCamelContextExtension()
                    .getContextPlugin(ManagedCamelContext.class).getManagedRoute("delivery-progress-log")
                    .getExchangesCompleted() > 0);

            campaign.execute("UPDATE NmsDelivery SET iState = 95 WHERE iDeliveryId = " + delivery);
            await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRegistered(name));
        }
    }

    @Test
    void shouldWriteTheProgressSentence() {
        DeliveryProgressMonitor.Snapshot s = new DeliveryProgressMonitor.Snapshot(1, "DM123", 45_000, 1_200, 53_800,
                3_000, 0, 820, Instant.now());
        assertThat(s.sentence()).isEqualTo("delivery DM123: 45,000/100,000 sent (45%), 1,200 failed, 3,000 queued by"
                + " flow control, 820 msg/s, ETA 1m06s");
    }

    private static void seed(EmbeddedTestDatabase db, long delivery) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            long dfc;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO NmsBroadLogMsg (sText, iFailureType) VALUES (?, 0)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, BroadlogTexts.DYNAMIC_FLOW_CONTROL);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    dfc = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO NmsBroadLogRcp (iDeliveryId, iStatus, iMsgId,"
                    + " sAddress, sDomain, tsLeaseUntil, sClaimToken) VALUES (?, ?, ?, ?, 'x.test', ?, ?)")) {
                int[] statuses = {1, 1, 1, 2, 6, 6};
                for (int i = 0; i < statuses.length; i++) {
                    ps.setLong(1, delivery);
                    ps.setInt(2, statuses[i]);
                    ps.setObject(3, statuses[i] == 6 ? dfc : null);
                    ps.setString(4, "r" + i + "@x.test");
                    ps.setObject(5, statuses[i] == 6 ? OffsetDateTime.now(ZoneOffset.UTC).plusHours(1) : null);
                    ps.setString(6, statuses[i] == 6 ? "parked" : null);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
