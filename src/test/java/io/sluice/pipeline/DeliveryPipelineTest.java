package io.sluice.pipeline;

import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Claim -> build -> send -> write back, end to end: the real app, the real routes, a real SMTP server on
 * loopback, and the campaign database (the real PostgreSQL, then the embedded default with the same SQL).
 */
class DeliveryPipelineTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldWriteEachOutcomeClassBackWithCampaignStatusTypeAndReason(String kind) throws Exception {
        int closed = closedPort();
        try (TestDatabase db = TestDatabase.open(kind);
             SmtpSimulator smtp = SmtpSimulator.builder()
                     .behaviour("defer.test", DomainBehaviour.defer("421 4.7.0 Try again later"))
                     .behaviour("unknown.test", DomainBehaviour.reject("550 5.1.1 <x@unknown.test>: User unknown"))
                     .behaviour("full.test", DomainBehaviour.defer("452 4.2.2 Mailbox full"))
                     .behaviour("policy.test", DomainBehaviour.reject("554 5.7.1 Message refused by policy"))
                     .build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(3, 3600).create();
            long accepted = campaign.pending(delivery, "ann@accept.test");
            long deferred = campaign.pending(delivery, "bob@defer.test");
            long unknown = campaign.pending(delivery, "x@unknown.test");
            long full = campaign.pending(delivery, "carl@full.test");
            long policy = campaign.pending(delivery, "dan@policy.test");
            long refused = campaign.pending(delivery, "eve@refused.test");
            long exhausted = campaign.pending(delivery, campaign.recipient("fay@defer.test", "Fay", "Lo"), 3);
            long expiredDelivery = campaign.delivery().validity(Instant.now().minusSeconds(60)).create();
            long expired = campaign.pending(expiredDelivery, "gus@accept.test");
            Instant start = Instant.now();

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of("refused.test", closed))).start()) {
                await().atMost(WAIT).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
            }

            Campaign.Row ok = campaign.row(accepted);
            assertThat(ok.status()).isEqualTo(1);
            assertThat(ok.msgText()).isNull();
            assertThat(ok.domain()).isEqualTo("accept.test");
            assertThat(ok.event()).isAfterOrEqualTo(start.minusSeconds(1));

            Campaign.Row soft = campaign.row(deferred);
            assertThat(soft.status()).as("4xx stays Pending").isEqualTo(6);
            assertThat(soft.retry()).isEqualTo(1);
            assertThat(soft.failureType()).isEqualTo(1);
            assertThat(soft.msgText()).isEqualTo("421 4.7.0 Try again later");
            assertThat(Duration.between(Instant.now(), soft.nextTry()).toSeconds())
                    .as("next try one retry period (3600 s) away").isCloseTo(3600, within(120L));

            Campaign.Row hard = campaign.row(unknown);
            assertThat(hard.status()).isEqualTo(2);
            assertThat(hard.failureType()).isEqualTo(2);
            assertThat(hard.failureReason()).as("User unknown").isEqualTo(1);
            assertThat(hard.msgText()).as("address normalised away").isEqualTo("550 5.1.1 <*>: User unknown");

            Campaign.Row mailboxFull = campaign.row(full);
            assertThat(mailboxFull.status()).isEqualTo(6);
            assertThat(mailboxFull.failureReason()).as("Mailbox full").isEqualTo(5);

            Campaign.Row refusedByPolicy = campaign.row(policy);
            assertThat(refusedByPolicy.status()).isEqualTo(2);
            assertThat(refusedByPolicy.failureReason()).as("Refused").isEqualTo(20);

            Campaign.Row connection = campaign.row(refused);
            assertThat(connection.status()).as("connection refused is soft").isEqualTo(6);
            assertThat(connection.failureType()).isEqualTo(1);
            assertThat(connection.failureReason()).as("Unreachable").isEqualTo(3);
            assertThat(connection.retry()).isEqualTo(1);

            Campaign.Row lastTry = campaign.row(exhausted);
            assertThat(lastTry.status()).as("retry count used up -> Failed").isEqualTo(2);
            assertThat(lastTry.retry()).isEqualTo(4);

            Campaign.Row tooLate = campaign.row(expired);
            assertThat(tooLate.status()).as("validity passed -> Failed, never sent").isEqualTo(2);
            assertThat(tooLate.msgText()).contains("Validity");
            assertThat(smtp.receivedMessages()).extracting(m -> m.recipients().get(0)).containsExactly("ann@accept.test");
            assertThat(campaign.count("SELECT iOccurrence FROM NmsBroadLogMsg WHERE sText = '421 4.7.0 Try again later'"))
                    .as("two deferrals of the same text share one message row").isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldPersonaliseAndTagEveryMessageThenFinishTheDelivery(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().state(51)
                    .subject("Hi {{recipient.firstName}} & co")
                    .html("<p>Dear {{recipient.firstName}} {{recipient.lastName}}</p>")
                    .text("Dear {{recipient.firstName}} {{recipient.lastName}}").create();
            long recipient = campaign.recipient("Zoe.O'Neil@Example.TEST.", "Zoë", "O'Neil");
            long broadlog = campaign.pending(delivery, recipient, 0);

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                await().atMost(WAIT).until(() -> campaign.deliveryState(delivery) == 95);
            }

            assertThat(smtp.receivedMessages()).hasSize(1);
            ReceivedMessage m = smtp.receivedMessages().get(0);
            assertThat(m.recipients()).containsExactly("Zoe.O'Neil@example.test");
            assertThat(m.header("X-Broadlog-Id").orElseThrow()).isEqualTo(Long.toString(broadlog));
            assertThat(m.header("X-Delivery-Id").orElseThrow()).isEqualTo(Long.toString(delivery));
            assertThat(m.header("Message-ID").orElseThrow()).startsWith("<sluice." + broadlog + "." + delivery + ".");
            assertThat(jakarta.mail.internet.MimeUtility.decodeText(m.header("Subject").orElseThrow())).isEqualTo("Hi Zoë & co");
            assertThat(m.header("Content-Type").orElseThrow()).startsWith("multipart/alternative");
            String raw = m.rawString();
            assertThat(raw).as("HTML part escapes values").contains("<p>Dear Zo=C3=AB O&#39;Neil</p>");
            assertThat(raw).as("text part keeps them raw").containsPattern("\\RDear Zo=C3=AB O'Neil\\R").doesNotContain("{{");
            assertThat(raw).as("no internal header on the wire").doesNotContainIgnoringCase("contentType:")
                    .doesNotContain("Sluice").doesNotContain("claimToken");
            assertThat(campaign.row(broadlog).status()).isEqualTo(1);
            assertThat(campaign.row(broadlog).address()).isEqualTo("Zoe.O'Neil@example.test");
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
