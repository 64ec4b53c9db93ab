package io.sluice.quarantine;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.CapturedLog;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real application against the in-JVM SMTP simulator and PostgreSQL: the claim fails quarantined and denylisted
 * addresses unsent (no SMTP session at all), and synchronous replies feed the quarantine: 550 5.1.1 user unknown
 * quarantines, a 450 counts one soft error, and a flow-control deferral or an authentication reply counts nothing.
 */
class QuarantineDeliveryTest {

    static final String AUTHENTICATION = "550 5.7.26 This mail has been blocked because the sender is"
            + " unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.";

    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    @Test
    void shouldFailQuarantinedAndDenylistedAddressesUnsentWithoutAnySmtpSession() throws Exception {
        Campaign campaign = fixture.campaign();
        campaign.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount, sLastErrorText, iFailureReason)"
                + " VALUES ('gone@q.test', 2, 1, '550 5.1.1 user unknown', 1),"
                + " ('angry@q.test', 3, 0, 'Feedback-Type: abuse', 8), ('late@q.test', 1, 2, '452 4.2.2 full', 5)");
        long delivery = campaign.delivery().create();
        long gone = campaign.pending(delivery, "Gone@Q.test");
        long angry = campaign.pending(delivery, "angry@q.test");
        // the broadlog's own address wins over the recipient's e-mail, as when sending
        long goneByRow = campaign.pending(delivery, "someone-else@q.test");
        campaign.execute("UPDATE NmsBroadLogRcp SET sAddress = ' GONE@q.test ' WHERE iBroadLogId = " + goneByRow);

        try (SluiceApp app = fixture.app().domains(SluiceApp.relayTo(fixture.smtp().port(), Map.of())).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> campaign.rowsOf(delivery).values().stream()
                    .allMatch(r -> r.status() == 2));

            for (long id : List.of(gone, goneByRow)) {
                Campaign.Row row = campaign.row(id);
                assertThat(row.failureType()).isEqualTo(FailureType.HARD.code());
                assertThat(row.failureReason()).as("Address in quarantine").isEqualTo(FailureReason.QUARANTINE.code());
                assertThat(row.msgText()).startsWith("Address in quarantine");
            }
            Campaign.Row denied = campaign.row(angry);
            assertThat(denied.failureType()).isEqualTo(FailureType.HARD.code());
            assertThat(denied.failureReason()).as("Denylisted address").isEqualTo(FailureReason.DENYLISTED.code());
            assertThat(denied.msgText()).contains("denylisted");
            assertThat(fixture.smtp().counters().sessionsOpened()).as("no SMTP connection for them").isZero();
            assertThat(fixture.smtp().receivedMessages()).isEmpty();
        }
    }

    @Test
    void shouldQuarantineOnUserUnknownAndNeverOnDeferralsFlowControlOrAuthentication() throws Exception {
        fixture.smtp().setBehaviour("hard.test", DomainBehaviour.rejectAddresses(Set.of("gone"),
                "550 5.1.1 <gone@hard.test>: Recipient address rejected: User unknown in virtual mailbox table"));
        fixture.smtp().setBehaviour("soft.test", DomainBehaviour.defer("450 4.2.0 Mailbox temporarily unavailable"));
        // matched by the shipped rule gmail-try-again-later (action backoff): the sender is throttled, not the address
        fixture.smtp().setBehaviour("throttle.test", DomainBehaviour.defer("421 4.7.0 Try again later, closing connection."));
        // matched by gmail-receiving-too-quickly (set_rate); qualified Soft like any 4xx, but a flow-control reply
        fixture.smtp().setBehaviour("rate.test", DomainBehaviour.defer("450 4.2.1 The user you are trying to contact is"
                + " receiving mail too quickly. Please resend your message at a later time."));
        fixture.smtp().setBehaviour("auth.test", DomainBehaviour.reject(AUTHENTICATION));
        Campaign campaign = fixture.campaign();
        campaign.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount, tsLastError, sLastErrorText,"
                + " iFailureReason) VALUES ('was@hard.test', 1, 2, CURRENT_TIMESTAMP, '452 4.2.2 full', 5)");
        long delivery = campaign.delivery().retries(3, 3600).create();
        long gone = campaign.pending(delivery, "gone@hard.test");
        long was = campaign.pending(delivery, "was@hard.test");
        long soft = campaign.pending(delivery, "busy@soft.test");
        long throttled = campaign.pending(delivery, "slow@throttle.test");
        long refused = campaign.pending(delivery, "ann@auth.test");
        long tooQuick = campaign.pending(delivery, "fast@rate.test");

        try (SluiceApp app = fixture.app().domains(SluiceApp.relayTo(fixture.smtp().port(), Map.of())).start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(campaign.row(gone).status()).isEqualTo(2);
                assertThat(campaign.row(was).status()).isEqualTo(1);
                for (long id : List.of(soft, throttled, refused, tooQuick)) {
                    assertThat(campaign.row(id).msgText()).as("met its reply").isNotNull();
                }
            });
            assertThat(campaign.row(throttled).msgText()).as("the SMTP reply, not a parking text")
                    .startsWith("421 4.7.0");
            assertThat(campaign.row(refused).msgText()).startsWith("550 5.7.26");
            assertThat(campaign.row(tooQuick).msgText()).startsWith("450 4.2.1");
            assertThat(campaign.row(tooQuick).failureType()).isEqualTo(FailureType.SOFT.code());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(status("gone@hard.test")).as("user unknown: quarantined at once")
                        .isEqualTo(AddressStatus.QUARANTINE.code());
                assertThat(status("busy@soft.test")).as("a 450 counts one soft error").isEqualTo(
                        AddressStatus.WITH_ERRORS.code());
                assertThat(status("was@hard.test")).as("accepted: With errors cleared")
                        .isEqualTo(AddressStatus.VALID.code());
            });
            assertThat(campaign.count("SELECT iFailureReason FROM NmsAddress WHERE sAddress = 'gone@hard.test'"))
                    .isEqualTo(FailureReason.USER_UNKNOWN.code());
            assertThat(campaign.count("SELECT iErrorCount FROM NmsAddress WHERE sAddress = 'busy@soft.test'"))
                    .isEqualTo(1);
            // their results were written in batches already committed: nothing counts them later either
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsAddress WHERE sAddress IN ('slow@throttle.test', 'ann@auth.test',"
                            + " 'fast@rate.test')") == 0);
        }
    }

    /**
     * Mail parked while its site was suspended is read again through the same view when it comes due: an address
     * quarantined meanwhile ends Failed, reason 9, and is never sent, while the rest of the parked mail goes out.
     */
    @Test
    void shouldFailParkedMailWhoseAddressWasQuarantinedMeanwhile() throws Exception {
        fixture.smtp().setBehaviour("park.test", DomainBehaviour.defer("421 4.7.0 SUSPEND-ME deferred"));
        Campaign campaign = fixture.campaign();
        long delivery = campaign.delivery().retries(5, 1).create();
        List<Long> rows = fixture.rows(delivery, "park.test", 8);

        try (SluiceApp app = fixture.app().domains(fixture.shortWindowPolicy("").replace("duration: 4s",
                "duration: 8s")).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> rows.stream().anyMatch(id -> parked(campaign, id)));
            long parked = rows.stream().filter(id -> parked(campaign, id)).findFirst().orElseThrow();
            String address = "u" + rows.indexOf(parked) + "@park.test";
            campaign.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount) VALUES ('" + address + "', 2, 1)");
            fixture.smtp().setBehaviour("park.test", DomainBehaviour.accept());

            await().atMost(Duration.ofSeconds(60)).until(() -> rows.stream().allMatch(id -> status(campaign, id) != 6));
            Campaign.Row row = campaign.row(parked);
            assertThat(row.status()).isEqualTo(2);
            assertThat(row.failureReason()).isEqualTo(FailureReason.QUARANTINE.code());
            assertThat(rows.stream().filter(id -> id != parked).allMatch(id -> status(campaign, id) == 1)).isTrue();
            assertThat(fixture.smtp().receivedMessages()).extracting(m -> m.recipients().get(0))
                    .hasSize(rows.size() - 1).doesNotContain(address);
        }
    }

    private static boolean parked(Campaign campaign, long id) {
        try {
            Campaign.Row row = campaign.row(id);
            return row.status() == 6 && BroadlogTexts.DYNAMIC_FLOW_CONTROL.equals(row.msgText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(Campaign campaign, long id) {
        try {
            return campaign.row(id).status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * NmsAddress refuses every write (a trigger raises, as a full disk or a lost privilege would): the broadlog rows are
     * written all the same (Sent, Failed user unknown), the route goes on with the next delivery, and an ERROR names
     * the addresses not counted.
     */
    @Test
    void shouldKeepTheBroadlogWriteAndTheRouteWhenTheQuarantineCannotBeWritten() throws Exception {
        fixture.smtp().setBehaviour("hard.test", DomainBehaviour.rejectAddresses(Set.of("gone"),
                "550 5.1.1 <gone@hard.test>: Recipient address rejected: User unknown"));
        Campaign campaign = fixture.campaign();
        campaign.execute("INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount, tsLastError)"
                + " VALUES ('was@hard.test', 1, 2, CURRENT_TIMESTAMP)");
        campaign.execute("CREATE FUNCTION refuse_address_writes() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN RAISE EXCEPTION 'NmsAddress is read-only in this test'; END $$");
        campaign.execute("CREATE TRIGGER refuse_address_writes BEFORE INSERT OR UPDATE ON NmsAddress"
                + " FOR EACH ROW EXECUTE FUNCTION refuse_address_writes()");
        long delivery = campaign.delivery().create();
        long gone = campaign.pending(delivery, "gone@hard.test");
        long was = campaign.pending(delivery, "was@hard.test");

        try (CapturedLog log = CapturedLog.warnings();
             SluiceApp app = fixture.app().domains(SluiceApp.relayTo(fixture.smtp().port(), Map.of())).start()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(campaign.row(gone).status()).isEqualTo(2);
                assertThat(campaign.row(was).status()).isEqualTo(1);
            });
            assertThat(campaign.row(gone).failureReason()).isEqualTo(FailureReason.USER_UNKNOWN.code());
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines().stream().anyMatch(l ->
                    l.startsWith("ERROR Quarantine not updated") && l.contains("NmsAddress is read-only")));
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR Quarantine not updated"))
                    .anyMatch(l -> l.contains("HARD gone@hard.test"));

            long next = campaign.delivery().create();
            long after = campaign.pending(next, "ok@hard.test");
            await().atMost(Duration.ofSeconds(30)).until(() -> campaign.row(after).status() == 1);
        }
        assertThat(status("gone@hard.test")).as("nothing counted").isEqualTo(-1);
        assertThat(status("was@hard.test")).isEqualTo(AddressStatus.WITH_ERRORS.code());
    }

    private long status(String address) throws Exception {
        return fixture.campaign().count("SELECT COALESCE(MAX(iStatus), -1) FROM NmsAddress WHERE sAddress = '"
                + address + "'");
    }
}
