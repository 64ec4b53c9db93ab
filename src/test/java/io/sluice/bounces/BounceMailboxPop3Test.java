package io.sluice.bounces;

import static io.sluice.bounces.BounceMailboxFixture.MAILBOX_PASSWORD;
import static io.sluice.bounces.BounceMailboxFixture.MAILBOX_USER;
import static io.sluice.bounces.BounceMailboxFixture.PLAIN;
import static io.sluice.bounces.BounceMailboxFixture.RETURN_PATH;
import static io.sluice.bounces.BounceMailboxFixture.VERP_DOMAIN;
import static io.sluice.bounces.BounceMailboxFixture.VERP_SECRET;
import static io.sluice.bounces.BounceMailboxFixture.count;
import static io.sluice.bounces.BounceMailboxFixture.deliver;
import static io.sluice.bounces.BounceMailboxFixture.mbean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The POP3 variant on the embedded database: a DSN 5.1.1 and an ARF report are deleted once committed (the row
 * Failed, the address quarantined, the complainer denylisted); an unprocessable mail stays in the mailbox (POP3 has
 * no folders), is read again at every poll and still counts once; a copy of the DSN read again counts once.
 */
class BounceMailboxPop3Test {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldDeleteProcessedMailAndLeaveUnprocessableMailCountedOnce() throws Exception {
        GreenMail mail = BounceMailboxFixture.mailbox(ServerSetup.PROTOCOL_POP3);
        try (TestDatabase db = TestDatabase.open("embedded")) {
            Campaign campaign = new Campaign(db.dataSource());
            BounceMailboxFixture f = new BounceMailboxFixture(campaign);
            long row = f.sent("gone@example.net");
            byte[] dsn = Corpus.mail("dsn-postfix.eml", "gone@example.net", RETURN_PATH.addressFor(row),
                    f.messageId(row), "pop1");
            deliver(mail, dsn);
            deliver(mail, dsn);
            long complained = f.sent("angry@example.net");
            deliver(mail, Corpus.mail("arf-rfc5965.eml", "angry@example.net", PLAIN, f.messageId(complained), "pop2"));
            deliver(mail, Corpus.mail("plain-yahoo-legacy.eml", "gone@example.net", PLAIN, f.messageId(row), "pop3"));

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .property("sluice.bounces.url", "pop3://127.0.0.1:" + mail.getPop3().getPort() + "?username="
                            + MAILBOX_USER + "&password={{sluice.bounces.password}}")
                    .property("sluice.bounces.password", MAILBOX_PASSWORD)
                    .property("sluice.bounces.poll-delay", "200")
                    .property("sluice.bounces.return-path-domain", VERP_DOMAIN)
                    .property("sluice.bounces.return-path-secret", VERP_SECRET)
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> count(mail, "INBOX") == 1);
                // a few more polls read the unprocessable mail again
                await().atMost(Duration.ofSeconds(30)).until(() -> (Long) mbean("Duplicates") >= 4);
                assertThat(campaign.row(row).status()).isEqualTo(2);
                assertThat(campaign.row(row).failureReason()).isEqualTo(1);
                assertThat(f.addressStatus("gone@example.net")).as("Quarantine").isEqualTo(2);
                assertThat(f.addressStatus("angry@example.net")).as("Denylisted").isEqualTo(3);
                assertThat(f.inbound("iBroadLogId = " + row)).as("the DSN read twice counts once").isEqualTo(1);
                assertThat(f.inbound("sKind = 'UNPROCESSABLE'")).as("left in the mailbox, counted once").isEqualTo(1);
                assertThat(mbean("Unprocessable")).isEqualTo(1L);
                assertThat(app.context().getRouteController().getRouteStatus("bounce-mailbox").isStarted()).isTrue();
            }
        } finally {
            mail.stop();
        }
    }
}
