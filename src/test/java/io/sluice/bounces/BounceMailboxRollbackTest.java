package io.sluice.bounces;

import static io.sluice.bounces.BounceMailboxFixture.MAILBOX_PASSWORD;
import static io.sluice.bounces.BounceMailboxFixture.MAILBOX_USER;
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
 * A mail is moved only after its result is committed: while its write fails (the results table is missing) the whole
 * transaction rolls back (the broadlog row stays Sent, no idempotent key), the mail stays in the INBOX, the route keeps
 * polling and the MBean shows the error; once the table is back the mail is processed and moved.
 */
class BounceMailboxRollbackTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldLeaveTheMailInTheMailboxUntilItsResultCommits() throws Exception {
        GreenMail mail = BounceMailboxFixture.mailbox(ServerSetup.PROTOCOL_IMAP);
        try (TestDatabase db = TestDatabase.open("embedded")) {
            Campaign campaign = new Campaign(db.dataSource());
            BounceMailboxFixture f = new BounceMailboxFixture(campaign);
            long row = f.sent("later@example.net");
            deliver(mail, Corpus.mail("dsn-sendmail.eml", "later@example.net", RETURN_PATH.addressFor(row),
                    f.messageId(row), "rb1"));
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .property("sluice.bounces.url", "imap://127.0.0.1:" + mail.getImap().getPort() + "?username="
                            + MAILBOX_USER + "&password={{sluice.bounces.password}}")
                    .property("sluice.bounces.password", MAILBOX_PASSWORD)
                    .property("sluice.bounces.poll-delay", "200")
                    .property("sluice.bounces.return-path-domain", VERP_DOMAIN)
                    .property("sluice.bounces.return-path-secret", VERP_SECRET)
                    .start()) {
                // the app created the embedded schema; take the results table away before the first poll commits
                campaign.execute("ALTER TABLE SluiceInboundMail RENAME TO SluiceInboundMailAway");
                await().atMost(Duration.ofSeconds(60)).until(() -> !"none".equals(mbean("LastError")));
                assertThat(count(mail, "INBOX")).isEqualTo(1);
                assertThat(campaign.row(row).status()).as("rolled back with the failed insert").isEqualTo(1);
                assertThat(campaign.count("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED")).isZero();

                campaign.execute("ALTER TABLE SluiceInboundMailAway RENAME TO SluiceInboundMail");
                // moved = copied, flagged \Deleted, expunged when camel-mail closes the folder after the poll
                await().atMost(Duration.ofSeconds(60)).until(() -> count(mail, "Processed") == 1
                        && count(mail, "INBOX") == 0);
                assertThat(campaign.row(row).status()).isEqualTo(2);
                assertThat(f.inbound("iBroadLogId = " + row)).isEqualTo(1);
                assertThat(mbean("Hard")).isEqualTo(1L);
                assertThat(app.context().getRouteController().getRouteStatus("bounce-mailbox").isStarted()).isTrue();
            }
        } finally {
            mail.stop();
        }
    }
}
