package io.sluice.pipeline;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.parking.Parking;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An hourly quota end to end: a healthy domain with messagesPerHour 3600 (one a second) gets its mail paced, and
 * what waits shows Campaign's "Messages queued (connection quotas met)", not dynamic flow control.
 */
class HourlyQuotaRouteTest {

    @Test
    void shouldPaceAnHourlyQuotaAndShowConnectionQuotasMet() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded"); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(3, 3600).create();
            List<Long> ids = campaign.pendingMany(delivery,
                    IntStream.range(0, 6).mapToObj(i -> "r" + i + "@paced.test").toList());
            String domains = SluiceApp.relayTo(smtp.port(), Map.of()).replace("domains:\n  {}\n",
                    "domains:\n  paced.test:\n    messagesPerHour: 3600\n");

            boolean[] sawQuotaStatus = {false};
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains).start()) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    sawQuotaStatus[0] |= campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp b JOIN NmsBroadLogMsg m"
                            + " ON m.iBroadLogMsgId = b.iMsgId WHERE b.iStatus = 6 AND m.sText = '"
                            + BroadlogTexts.QUOTAS_MET + "'") > 0;
                    return campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == 6;
                });
            }

            assertThat(sawQuotaStatus[0]).as("mail held by the quota shows 'connection quotas met'").isTrue();
            List<Instant> sent = ids.stream().map(id -> {
                try {
                    return campaign.row(id).event();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).sorted().toList();
            assertThat(Duration.between(sent.get(0), sent.get(5)))
                    .as("6 messages at 1/s: about 5 s from first to last").isGreaterThanOrEqualTo(Duration.ofMillis(4500));
            assertThat(smtp.receivedMessages()).hasSize(6);
        }
    }
}
