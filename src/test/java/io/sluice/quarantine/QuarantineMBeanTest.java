package io.sluice.quarantine;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice:type=Quarantine} on the running application, called through the platform MBean server as Hawtio and
 * Jolokia call it: counts per status, look-up (text and open data), release (and what it leaves of a complaint).
 */
class QuarantineMBeanTest {

    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    @Test
    void shouldCountLookUpAndReleaseAddressesOverJmx() throws Exception {
        Campaign campaign = fixture.campaign();
        campaign.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount, sLastErrorText, iFailureReason)"
                + " VALUES ('gone@q.test', 2, 1, '550 5.1.1 user unknown', 1), ('x@q.test', 2, 6, '452 full', 5),"
                + " ('angry@q.test', 3, 0, 'Feedback-Type: abuse', 8), ('late@q.test', 1, 2, '452 4.2.2 full', 5)");
        long angry = campaign.recipient("Angry@Q.test", "A", "B");
        campaign.execute("UPDATE NmsRecipient SET iBlackList = 1 WHERE iRecipientId = " + angry);

        try (SluiceApp app = fixture.app().domains(SluiceApp.relayTo(fixture.smtp().port(), Map.of())).start()) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = QuarantineOperations.objectName(app.context().getName());
            assertThat(server.isRegistered(name)).as(name.toString()).isTrue();

            assertThat(server.getAttribute(name, "QuarantineCount")).isEqualTo(2L);
            assertThat(server.getAttribute(name, "DenylistedCount")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "WithErrorsCount")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "ValidCount")).isEqualTo(0L);

            String[] sig = {String.class.getName()};
            assertThat((String) server.invoke(name, "lookup", new Object[]{"GONE@q.test"}, sig))
                    .contains("gone@q.test").contains("Quarantine").contains("550 5.1.1 user unknown");
            assertThat((String) server.invoke(name, "lookup", new Object[]{"nobody@q.test"}, sig))
                    .startsWith("NOT_FOUND");
            CompositeData details = (CompositeData) server.invoke(name, "details", new Object[]{"gone@q.test"}, sig);
            assertThat(details.get("status")).isEqualTo("Quarantine");
            assertThat(details.get("errorCount")).isEqualTo(1);
            assertThat(details.get("failureReason")).isEqualTo(1);

            assertThat((String) server.invoke(name, "release", new Object[]{"gone@q.test"}, sig))
                    .contains("released").contains("was Quarantine");
            assertThat((String) server.invoke(name, "release", new Object[]{"angry@q.test"}, sig))
                    .contains("was Denylisted").contains("iBlackList is left");
            assertThat((String) server.invoke(name, "release", new Object[]{"nobody@q.test"}, sig))
                    .startsWith("NOT_FOUND");

            assertThat(server.getAttribute(name, "QuarantineCount")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "DenylistedCount")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "ValidCount")).isEqualTo(2L);
            assertThat(campaign.count("SELECT iErrorCount FROM NmsAddress WHERE sAddress = 'gone@q.test'")).isZero();
            assertThat(campaign.count("SELECT iBlackList FROM NmsRecipient WHERE iRecipientId = " + angry))
                    .as("the person's own choice stays").isEqualTo(1);
        }
    }
}
