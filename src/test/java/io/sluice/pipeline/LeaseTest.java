package io.sluice.pipeline;

import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A crashed instance's claims become claimable after the lease; a live lease is respected. */
class LeaseTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldReclaimRowsOfACrashedInstanceOnlyAfterTheirLeaseEnds(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            long expiredLease = campaign.pending(delivery, "expired@example.test");
            long liveLease = campaign.pending(delivery, "live@example.test");
            long free = campaign.pending(delivery, "free@example.test");
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'dead', sClaimedBy = 'crashed-instance',"
                    + " tsLeaseUntil = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE iBroadLogId = " + expiredLease);
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'alive', sClaimedBy = 'other-instance',"
                    + " tsLeaseUntil = CURRENT_TIMESTAMP + INTERVAL '1' HOUR WHERE iBroadLogId = " + liveLease);

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        campaign.row(expiredLease).status() == 1 && campaign.row(free).status() == 1);
                // a few more claim polls pass: the live lease must still be respected
                smtp.awaitAccepted(3, Duration.ofSeconds(3));
            }
            assertThat(campaign.row(liveLease).status()).isEqualTo(6);
            assertThat(smtp.receivedMessages()).flatExtracting(m -> m.recipients())
                    .containsExactlyInAnyOrder("expired@example.test", "free@example.test");
        }
    }
}
