package io.sluice.pipeline;

import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed and hostile rows in the campaign database end as Failed rows with a reason (or are sent
 * safely); the routes keep running and the good rows of the same delivery are sent.
 */
class HostileInputTest {

    /** Addresses that must never be sent, with the Campaign reason each must get (7 or 15). */
    static final Map<String, Integer> MALFORMED = new LinkedHashMap<>();

    static {
        MALFORMED.put("", 7);
        MALFORMED.put("   ", 7);
        MALFORMED.put("plainaddress", 15);
        MALFORMED.put("two@@example.test", 15);
        MALFORMED.put("a@b@example.test", 15);
        MALFORMED.put("@example.test", 15);
        MALFORMED.put("user@", 15);
        MALFORMED.put("user name@example.test", 15);
        MALFORMED.put("\"quoted\"@example.test", 15);
        MALFORMED.put("\"a b\"@example.test", 15);
        MALFORMED.put("usér@example.test", 15);
        MALFORMED.put("user@exa mple.test", 15);
        MALFORMED.put("user@example..test", 15);
        MALFORMED.put(".user@example.test", 15);
        MALFORMED.put("user.@example.test", 15);
        MALFORMED.put("us..er@example.test", 15);
        MALFORMED.put("user@-example.test", 15);
        MALFORMED.put("user@example-.test", 15);
        MALFORMED.put("user@localhost", 15);
        MALFORMED.put("user@[127.0.0.1]", 15);
        MALFORMED.put("user@1.2.3.4", 15);
        MALFORMED.put("x".repeat(300) + "@example.test", 15);
        MALFORMED.put("user@" + "l".repeat(64) + ".test", 15);
        MALFORMED.put("user@example.test\r\nBcc: victim@example.test", 15);
        MALFORMED.put("user\n@example.test", 15);
        // (a NUL byte cannot even be stored in a PostgreSQL text column; RecipientAddressTest covers it)
        MALFORMED.put("x';DROP TABLE NmsRecipient;--@example.test", 15);
        MALFORMED.put("user@example.test;", 15);
        MALFORMED.put("user@example.test'--", 15);
        MALFORMED.put("user＠example.test", 15);
        MALFORMED.put("user@exa\u202Emple.test", 15);
        MALFORMED.put("😀@example.test", 15);
        MALFORMED.put("user@example.test..", 15);
        MALFORMED.put("<user@example.test>", 15);
        MALFORMED.put("User <user@example.test>", 15);
    }

    @Test
    void shouldFailEveryMalformedAddressWithAReasonAndSendTheRest() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            Map<Long, Integer> expectedReason = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : MALFORMED.entrySet()) {
                expectedReason.put(campaign.pending(delivery, e.getKey()), e.getValue());
            }
            long nullEmail = campaign.pending(delivery, campaign.recipient(null, null, null), 0);
            long missingRecipient = campaign.pending(delivery, 999_999L, 0);
            long missingDelivery = campaign.pending(777_777L, "lost@example.test");
            long good1 = campaign.pending(delivery, "good1@example.test");
            long good2 = campaign.pending(delivery, "o'brien+tag@bücher.test.");

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6") == 0);
                assertThat(app.context().getRouteController().getRouteStatus("deliver-message").isStarted()).isTrue();
            }

            assertThat(MALFORMED).hasSizeGreaterThanOrEqualTo(30);
            expectedReason.forEach((id, reason) -> {
                Campaign.Row row = row(campaign, id);
                assertThat(row.status()).as("row %d (%s) failed", id, row.address()).isEqualTo(2);
                assertThat(row.failureReason()).as("reason of %s", row.address()).isEqualTo(reason);
                assertThat(row.msgText()).isNotBlank();
            });
            assertThat(row(campaign, nullEmail).failureReason()).as("NULL e-mail: Address not specified").isEqualTo(7);
            assertThat(row(campaign, missingRecipient).failureReason()).as("no recipient row").isEqualTo(7);
            assertThat(row(campaign, missingDelivery).status()).as("no delivery row").isEqualTo(2);
            assertThat(row(campaign, missingDelivery).msgText()).contains("not found");
            assertThat(row(campaign, good1).status()).isEqualTo(1);
            assertThat(row(campaign, good2).status()).isEqualTo(1);
            assertThat(smtp.receivedMessages()).flatExtracting(ReceivedMessage::recipients)
                    .containsExactlyInAnyOrder("good1@example.test", "o'brien+tag@xn--bcher-kva.test");
        }
    }

    @Test
    void shouldNeverLetPersonalisedFieldsInjectHeaders() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long badFrom = campaign.delivery().from("news@sender.test\r\nBcc: evil@attacker.test").create();
            long badFromRow = campaign.pending(badFrom, "bob@example.test");
            long delivery = campaign.delivery().from("News <news@sender.test>")
                    .subject("Hi {{recipient.firstName}}").create();
            long id = campaign.pending(delivery, campaign.recipient("ann@example.test",
                    "Ann\r\nBcc: evil@attacker.test\r\nX-Injected: yes", "Lee\nSubject: spoofed"), 0);
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.row(id).status() != 6
                        && campaign.row(badFromRow).status() != 6);
            }
            assertThat(campaign.row(id).status()).isEqualTo(1);
            assertThat(campaign.row(badFromRow).status()).as("injected From: never sent").isEqualTo(2);
            assertThat(campaign.row(badFromRow).msgText()).contains("From");
            List<ReceivedMessage> received = smtp.receivedMessages();
            assertThat(received).hasSize(1);
            assertThat(received.get(0).recipients()).containsExactly("ann@example.test");
            String headers = received.get(0).rawString().split("\r\n\r\n", 2)[0];
            assertThat(headers).doesNotContainPattern("(?m)^Bcc:").doesNotContainPattern("(?m)^X-Injected:")
                    .doesNotContainPattern("(?m)^Subject: spoofed");
            assertThat(received.get(0).header("Subject").orElseThrow()).startsWith("Hi Ann");
        }
    }

    /**
     * NULL in every nullable column of the delivery and the recipient, and bodies of 4 MB (sent, every line within
     * SMTP's 998 characters) and 12 MB (over the server's 8 MB SIZE: Failed with the server's reason, not retried
     * for ever, nothing else held up). A UTF-8 database cannot store invalid UTF-8 at all (PostgreSQL rejects it
     * on insert), so that case cannot reach Sluice from the campaign tables.
     */
    @Test
    void shouldSendOrFailRowsWithNullsEverywhereAndOversizedBodies() throws Exception {
        int limit = 8 * 1024 * 1024;
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator smtp = SmtpSimulator.builder().maxMessageSize(limit).build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long allNull = campaign.delivery().subject(null).html(null).text(null).from(null).validity(null).create();
            long allNullRow = campaign.pending(allNull, campaign.recipient("nulls@example.test", null, null), 0);
            String paragraph = "<p>Crème brûlée für {{recipient.firstName}}: " + "lorem ipsum dolor sit amet ".repeat(20) + "</p>";
            long big = campaign.delivery().html(paragraph.repeat(4 * 1024 * 1024 / paragraph.length())).create();
            long bigRow = campaign.pending(big, "big@example.test");
            long huge = campaign.delivery().html(paragraph.repeat(12 * 1024 * 1024 / paragraph.length())).create();
            long hugeRow = campaign.pending(huge, "huge@example.test");
            long good = campaign.pending(campaign.delivery().create(), "good@example.test");

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of())).start()) {
                await().atMost(Duration.ofSeconds(90)).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6") == 0);
                assertThat(app.context().getRouteController().getRouteStatus("deliver-message").isStarted()).isTrue();
            }

            Campaign.Row nulls = campaign.row(allNullRow);
            assertThat(nulls.status()).as("a delivery of NULLs ends final").isIn(1, 2);
            if (nulls.status() == 2) {
                assertThat(nulls.msgText()).as("with a reason").isNotBlank();
            }
            assertThat(campaign.row(bigRow).status()).as("4 MB body").isEqualTo(1);
            assertThat(campaign.row(hugeRow).status()).as("12 MB body over the server's SIZE").isEqualTo(2);
            assertThat(campaign.row(hugeRow).msgText()).as("the server's reason").contains("552");
            assertThat(campaign.row(good).status()).isEqualTo(1);
            ReceivedMessage received = smtp.receivedMessages().stream()
                    .filter(m -> m.recipients().contains("big@example.test")).findFirst().orElseThrow();
            assertThat(received.size()).isGreaterThan(4_000_000);
            assertThat(received.rawString().split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
            System.out.printf("NULL delivery row: status %d (%s); 4 MB body: %,d bytes on the wire; 12 MB body: %s%n",
                    nulls.status(), nulls.msgText(), received.size(), campaign.row(hugeRow).msgText());
        }
    }

    private static Campaign.Row row(Campaign campaign, long id) {
        try {
            return campaign.row(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
