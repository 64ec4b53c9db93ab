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
import io.sluice.testsupport.CapturedLog;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End to end over a real IMAP server (GreenMail on loopback) and PostgreSQL: Sent broadlog rows, then their bounces,
 * complaints and auto-replies in the mailbox, and hostile mail among them. Each ends as issue 20 says, the route never
 * stops, processed mail is in Processed and unprocessable mail in Unprocessed, and a mail read twice counts once.
 */
class BounceMailboxImapTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldFinishTheBroadlogFromTheMailboxAndNeverStopOnBadMail() throws Exception {
        GreenMail mail = BounceMailboxFixture.mailbox(ServerSetup.PROTOCOL_IMAP);
        try (TestDatabase db = TestDatabase.open("postgresql"); CapturedLog log = CapturedLog.atInfo()) {
            Campaign campaign = new Campaign(db.dataSource());
            BounceMailboxFixture f = new BounceMailboxFixture(campaign);
            // one Sent row per DSN of the corpus: half matched by VERP, half by the Message-ID they quote
            Map<String, Long> rows = new LinkedHashMap<>();
            int i = 0;
            for (String name : Corpus.DSNS) {
                String rcpt = "dsn" + i + "@example.net";
                long row = f.sent(rcpt);
                rows.put(name, row);
                String to = i++ % 2 == 0 ? RETURN_PATH.addressFor(row) : PLAIN;
                deliver(mail, Corpus.mail(name, rcpt, to, f.messageId(row), "d" + row));
            }
            long delayed = f.sent("delayed@example.net");
            deliver(mail, Corpus.mail("dsn-postfix-delayed.eml", "delayed@example.net", RETURN_PATH.addressFor(delayed),
                    f.messageId(delayed), "delayed"));
            for (String name : Corpus.ARFS) {
                String rcpt = "arf" + i++ + "@example.net";
                long recipientRow = f.sent(rcpt);
                deliver(mail, Corpus.mail(name, rcpt, RETURN_PATH.addressFor(recipientRow), f.messageId(recipientRow),
                        "a" + recipientRow));
            }
            long vacation = f.sent("vacation@example.net");
            for (String name : Corpus.AUTO_REPLIES) {
                deliver(mail, Corpus.mail(name, "vacation@example.net", PLAIN, f.messageId(vacation), name));
            }
            // hostile mail
            long charset = f.sent("charset@example.net");
            deliver(mail, Corpus.mail("hostile-wrong-charset.eml", "charset@example.net", PLAIN, f.messageId(charset),
                    "c"));
            long nested = f.sent("nested@example.net");
            deliver(mail, Corpus.nested(300, "nested@example.net", PLAIN, f.messageId(nested), "n"));
            long many = f.sent("many@example.net");
            deliver(mail, Corpus.manyRecipients(5000, "many@example.net", RETURN_PATH.addressFor(many),
                    f.messageId(many), "m"));
            long forged = f.sent("forged@example.net");
            String verp = RETURN_PATH.addressFor(forged);
            String forgedVerp = verp.replace("b-" + forged + "-", "b-" + (forged + 1) + "-");
            deliver(mail, Corpus.mail("dsn-postfix.eml", "forged@example.net", forgedVerp, "<CAF1x@mail.gmail.example>",
                    "forged"));
            long foreign = f.sent("foreign@example.net");
            deliver(mail, Corpus.mail("dsn-sendmail.eml", "foreign@example.net", PLAIN,
                    "<20261205.abc@other-sender.example>", "foreign"));
            deliver(mail, Corpus.mail("dsn-sendmail.eml", "foreign@example.net", PLAIN,
                    "<sluice." + foreign + "." + (f.delivery() + 1) + ".x1@example.com>", "wrongdelivery"));
            deliver(mail, Corpus.mail("hostile-no-report-part.eml", "foreign@example.net", PLAIN, f.messageId(foreign),
                    "noreport"));
            deliver(mail, Corpus.mail("plain-yahoo-legacy.eml", "foreign@example.net", PLAIN, f.messageId(foreign),
                    "legacy"));
            deliver(mail, Corpus.huge(20 * 1024 * 1024, PLAIN, "huge"));
            // a mail read twice (a crash between the commit and the move leaves it in the mailbox): counts once
            long twice = f.sent("twice@example.net");
            byte[] dsn = Corpus.mail("dsn-postfix.eml", "twice@example.net", RETURN_PATH.addressFor(twice),
                    f.messageId(twice), "twice");
            deliver(mail, dsn);
            deliver(mail, dsn);
            int total = count(mail, "INBOX");
            assertThat(total).isEqualTo(24);

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .property("sluice.bounces.url", "imap://127.0.0.1:" + mail.getImap().getPort() + "?username="
                            + MAILBOX_USER + "&password={{sluice.bounces.password}}")
                    .property("sluice.bounces.password", MAILBOX_PASSWORD)
                    .property("sluice.bounces.poll-delay", "200")
                    .property("sluice.bounces.return-path-domain", VERP_DOMAIN)
                    .property("sluice.bounces.return-path-secret", VERP_SECRET)
                    .start()) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> count(mail, "Processed") + count(mail, "Unprocessed") == total
                                && count(mail, "INBOX") == 0); // expunged when camel-mail closes the folder
                assertThat(count(mail, "Unprocessed")).as("forged, foreign, wrong delivery, no report, legacy, 20 MB")
                        .isEqualTo(6);
                assertThat(app.context().getRouteController().getRouteStatus("bounce-mailbox"))
                        .isEqualTo(ServiceStatus.Started);

                // DSNs: hard ones turn the Sent row Failed with Campaign's reason; soft ones record the error
                assertThat(campaign.row(rows.get("dsn-postfix.eml")).status()).isEqualTo(2);
                assertThat(campaign.row(rows.get("dsn-postfix.eml")).failureReason()).isEqualTo(1);
                assertThat(campaign.row(rows.get("dsn-postfix.eml")).msgText()).startsWith("550 5.1.1");
                assertThat(campaign.row(rows.get("dsn-exim.eml")).failureReason()).as("5.0.0, 'does not exist'")
                        .isEqualTo(1);
                assertThat(campaign.row(rows.get("dsn-sendmail.eml")).failureReason()).isEqualTo(1);
                assertThat(campaign.row(rows.get("dsn-amazon-ses.eml")).failureReason()).isEqualTo(1);
                assertThat(campaign.row(rows.get("dsn-microsoft.eml")).status()).isEqualTo(2);
                assertThat(campaign.row(rows.get("dsn-yahoo.eml")).status()).isEqualTo(2);
                assertThat(campaign.row(rows.get("dsn-gmail.eml")).status()).as("5.2.2 mailbox full is soft").isEqualTo(1);
                assertThat(campaign.row(rows.get("dsn-gmail.eml")).failureReason()).isEqualTo(5);
                assertThat(campaign.row(delayed).status()).isEqualTo(1);
                assertThat(f.addressStatus("dsn0@example.net")).as("user unknown: Quarantine").isEqualTo(2);
                assertThat(f.addressStatus("dsn4@example.net")).as("mailbox full: With errors").isEqualTo(1);
                assertThat(f.inbound("sKind = 'HARD'")).isEqualTo(6 + 4); // 6 corpus + charset, nested, many, twice
                assertThat(f.inbound("sKind = 'SOFT'")).isEqualTo(2);
                assertThat(f.inbound("sKind = 'HARD' AND iBroadLogId = " + rows.get("dsn-postfix.eml")
                        + " AND sStatus = '5.1.1' AND sDomain = 'example.net' AND iDeliveryId = " + f.delivery()))
                        .isEqualTo(1);
                // complaints: Denylisted, and the recipient's iBlackList
                assertThat(f.inbound("sKind = 'COMPLAINT' AND sStatus = 'abuse'")).isEqualTo(3);
                assertThat(campaign.count("SELECT COUNT(*) FROM NmsAddress WHERE iStatus = 3")).isEqualTo(3);
                assertThat(campaign.count("SELECT COUNT(*) FROM NmsRecipient WHERE iBlackList = 1")).isEqualTo(3);
                assertThat(f.inbound("sKind = 'AUTO_REPLY' AND iBroadLogId = " + vacation)).isEqualTo(2);
                // hostile: each ended as specified
                assertThat(campaign.row(charset).status()).isEqualTo(2);
                assertThat(campaign.row(nested).status()).isEqualTo(2);
                assertThat(campaign.row(many).status()).isEqualTo(2);
                assertThat(f.inbound("iBroadLogId = " + many)).as("one row for the row's own recipient").isEqualTo(1);
                assertThat(campaign.row(forged).status()).as("a forged VERP address changes nothing").isEqualTo(1);
                assertThat(campaign.row(forged + 1).status()).isEqualTo(1);
                assertThat(campaign.row(foreign).status()).as("another sender's Message-ID changes nothing")
                        .isEqualTo(1);
                assertThat(f.inbound("sKind = 'UNPROCESSABLE'")).isEqualTo(6);
                assertThat(f.inbound("sKind = 'UNPROCESSABLE' AND sText LIKE 'oversized%'")).isEqualTo(1);
                // read twice, counted once
                assertThat(campaign.row(twice).status()).isEqualTo(2);
                assertThat(f.inbound("iBroadLogId = " + twice)).isEqualTo(1);
                assertThat(campaign.count("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName ="
                        + " 'sluice-bounces'")).isEqualTo(total - 1);

                assertThat(mbean("Mails")).isEqualTo((long) total);
                assertThat(mbean("Duplicates")).isEqualTo(1L);
                assertThat(mbean("Hard")).isEqualTo(10L);
                assertThat(mbean("Complaints")).isEqualTo(3L);
                assertThat(mbean("AutoReplies")).isEqualTo(2L);
                assertThat(mbean("Unprocessable")).isEqualTo(6L);
                assertThat(mbean("IgnoredRecipients")).isEqualTo(4999L);
            }
            assertThat(String.join("\n", log.lines())).as("secrets in the log").doesNotContain(MAILBOX_PASSWORD)
                    .doesNotContain(VERP_SECRET);
        } finally {
            mail.stop();
        }
    }
}
