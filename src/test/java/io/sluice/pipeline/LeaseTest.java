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

/**
 * A crashed instance's claims become claimable after the lease, or as soon as it has stopped beating for
 * sluice.cluster.dead-after; a live instance's lease is respected.
 */
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldSendTheRowsOfAnInstanceThatStoppedBeatingLongBeforeTheirLeaseEnds(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            long ofKilled = campaign.pending(delivery, "killed@example.test");
            long ofLive = campaign.pending(delivery, "live@example.test");
            // another instance, alive and beating (its own dead-after is long: only the app under test judges)
            io.sluice.cluster.InstanceLiveness live = new io.sluice.cluster.InstanceLiveness(db.dataSource(),
                    "live-instance", "h", Duration.ofMillis(500), Duration.ofSeconds(60), java.nio.file.Path.of("config/sql"), "", null);
            live.start();
            // both leases run for another 5 minutes (sluice.claim.lease): the killed instance's rows used to wait that long
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'k', sClaimedBy = 'killed-instance',"
                    + " tsLeaseUntil = CURRENT_TIMESTAMP + INTERVAL '5' MINUTE WHERE iBroadLogId = " + ofKilled);
            campaign.execute("UPDATE NmsBroadLogRcp SET sClaimToken = 'l', sClaimedBy = 'live-instance',"
                    + " tsLeaseUntil = CURRENT_TIMESTAMP + INTERVAL '5' MINUTE WHERE iBroadLogId = " + ofLive);
            campaign.execute("INSERT INTO SluiceInstance (sInstanceId, sHost, tsStarted, tsHeartbeat) VALUES"
                    + " ('killed-instance', 'h', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            var beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            beats.scheduleAtFixedRate(() -> {
                try {
                    live.beat();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .property("sluice.cluster.heartbeat", "1s").property("sluice.cluster.dead-after", "3s")
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> campaign.row(ofKilled).status() == 1);
                smtp.awaitAccepted(2, Duration.ofSeconds(4)); // a few more beats and polls: the live instance keeps its row
            } finally {
                beats.shutdownNow();
                live.stop();
            }
            assertThat(smtp.receivedMessages()).flatExtracting(m -> m.recipients()).containsExactly("killed@example.test");
            assertThat(campaign.row(ofLive).status()).isEqualTo(6);
        }
    }
}
