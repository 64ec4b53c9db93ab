package io.sluice.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.message.MessageIds;
import io.sluice.result.SmtpReply;
import org.junit.jupiter.api.Test;

/** The settings' validation, Message-ID parsing and how a DSN recipient becomes the reply that is qualified. */
class BounceSettingsTest {

    @Test
    void shouldBeOffWithoutAUrlAndTellThePop3AndImapWaysApart() {
        assertThat(BounceSettings.of("", "Unprocessed", "Processed", BounceSettings.DEFAULT_MAX_SIZE).enabled())
                .isFalse();
        BounceSettings pop3 = BounceSettings.of("pop3s://pop.example.com?username=b&password={{p}}", "Unprocessed",
                "Processed", BounceSettings.DEFAULT_MAX_SIZE);
        assertThat(pop3.protocol()).isEqualTo(BounceSettings.Protocol.POP3S);
        assertThat(pop3.protocol().isImap()).isFalse();
        assertThat(pop3.toString()).doesNotContain("pop.example.com").contains("deleted");
    }

    @Test
    void shouldRefuseANonMailUrl() {
        assertThatThrownBy(() -> BounceSettings.of("smtp://relay.example.com", "U", "P", BounceSettings.DEFAULT_MAX_SIZE))
                .hasMessageContaining("sluice.bounces.url").hasMessageContaining("'smtp'");
    }

    @Test
    void shouldRefuseABadFolderName() {
        assertThatThrownBy(() -> BounceSettings.of("imap://h", "Bad\r\nFolder", "P", BounceSettings.DEFAULT_MAX_SIZE))
                .hasMessageContaining("sluice.bounces.error-folder");
    }

    @Test
    void shouldRefuseATinyMaxSize() {
        assertThatThrownBy(() -> BounceSettings.of("imap://h", "U", "P", 10)).hasMessageContaining("sluice.bounces.max-size");
    }

    @Test
    void shouldReadBothIdsOfSluicesMessageIdsOnly() {
        String id = MessageIds.create(123, 45, "example.com");
        assertThat(MessageIds.broadlogIdOf(id)).isEqualTo(123);
        assertThat(MessageIds.deliveryIdOf(id)).isEqualTo(45);
        assertThat(MessageIds.deliveryIdOf("<CAF123@mail.gmail.com>")).isEqualTo(-1);
        assertThat(MessageIds.deliveryIdOf("<sluice.1.045.x@example.com>")).as("not canonical").isEqualTo(-1);
        assertThat(MessageIds.broadlogIdOf("<sluice.1.2@example.com>")).as("no nonce").isEqualTo(-1);
    }

    @Test
    void shouldTakeTheDsnStatusAsTheEnhancedCodeOfTheReply() {
        SmtpReply exim = BounceLedger.replyOf(new DsnRecipient("a@b.c", "", "failed", "5.0.0",
                "550-5.1.1 The email account that you tried to reach does not exist."));
        assertThat(exim.toString()).isEqualTo("550 5.0.0 The email account that you tried to reach does not exist.");
        SmtpReply delayed = BounceLedger.replyOf(new DsnRecipient("a@b.c", "", "delayed", "", "connect timed out"));
        assertThat(delayed.code()).isEqualTo(450);
        assertThat(delayed.enhancedCode()).isEqualTo("4.0.0");
        SmtpReply mismatch = BounceLedger.replyOf(new DsnRecipient("a@b.c", "", "failed", "4.4.7", "550 expired"));
        assertThat(mismatch.code()).as("the basic code follows the Status class").isEqualTo(450);
    }
}
