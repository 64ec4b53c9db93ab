package io.sluice.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.RecordingSmtpServer;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Feedback-ID (Gmail's feedback loop): one value per delivery from sluice.feedback-id.template, as the receiving
 * server sees it; a template that could break the header stops the start, a delivery whose value could not be a
 * header has its rows Failed with the reason.
 */
class FeedbackIdTest {

    private static final String SETTING = "sluice.feedback-id.template";

    @Test
    void shouldRefuseATemplateThatCouldBreakTheHeader() {
        assertThatThrownBy(() -> FeedbackIdTemplate.of(SETTING, "{delivery.id}:x\r\nBcc: a@b.test:campaign:s"))
                .hasMessageContaining(SETTING).hasMessageContaining("CR");
        assertThatThrownBy(() -> FeedbackIdTemplate.of(SETTING, "{delivery.id}:x\n:campaign:s"))
                .hasMessageContaining("LF");
        assertThatThrownBy(() -> FeedbackIdTemplate.of(SETTING, "{recipient.email}:campaign:s"))
                .hasMessageContaining("unknown placeholder {recipient.email}");
        assertThatThrownBy(() -> FeedbackIdTemplate.of(SETTING, "no-colon")).hasMessageContaining("a:b:c:SenderId");
        assertThat(FeedbackIdTemplate.of(SETTING, "  ").enabled()).isFalse();
    }

    @Test
    void shouldRenderOneValuePerDeliveryAndRefuseNamesThatCannotBeAHeader() {
        FeedbackIdTemplate t = FeedbackIdTemplate.of(SETTING, "{delivery.id}:{delivery.internalName}:campaign:acme");
        assertThat(t.render(7, "DM42")).isEqualTo("7:DM42:campaign:acme");
        assertThatThrownBy(() -> t.render(7, "DM 42")).hasMessageContaining("a space");
        assertThatThrownBy(() -> t.render(7, "DM\r\n42")).hasMessageContaining("CR");
        assertThatThrownBy(() -> t.render(7, "Été")).hasMessageContaining("U+00C9");
        assertThat(FeedbackIdTemplate.NONE.render(7, "DM42")).isNull();
    }

    @Test
    void shouldGiveEveryMessageOfADeliveryItsFeedbackIdAndFailTheRowsOfADeliveryWhoseNameCannotBeOne() throws Exception {
        try (RecordingSmtpServer server = RecordingSmtpServer.start();
             TestDatabase db = TestDatabase.open("embedded")) {
            Map<String, byte[]> received = server.received();
            Campaign campaign = new Campaign(db.dataSource());
            long good = campaign.delivery().create();
            long bad = campaign.delivery().create();
            campaign.execute("UPDATE NmsDelivery SET sInternalName = 'DMSPRING' WHERE iDeliveryId = " + good);
            campaign.execute("UPDATE NmsDelivery SET sInternalName = 'Soldes d''été' WHERE iDeliveryId = " + bad);
            campaign.pending(good, "ann@example.com");
            campaign.pending(good, "bob@example.com");
            long refused = campaign.pending(bad, "cy@example.com");
            String domains = "defaults:\n  transport: \"" + server.uri() + "\"\n";
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property(SETTING, "{delivery.id}:{delivery.internalName}:campaign:acme").start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
            }
            for (String to : new String[] {"ann@example.com", "bob@example.com"}) {
                assertThat(parse(received.get(to)).getHeader("Feedback-ID", null))
                        .as(to).isEqualTo(good + ":DMSPRING:campaign:acme");
            }
            assertThat(received).doesNotContainKey("cy@example.com");
            Campaign.Row row = campaign.row(refused);
            assertThat(row.status()).as("Failed").isEqualTo(2);
            assertThat(row.msgText()).contains("Feedback-ID of delivery").contains("a space"); // numbers normalised (NmsBroadLogMsg)
        }
    }

    private static MimeMessage parse(byte[] data) throws Exception {
        assertThat(data).as("received").isNotNull();
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
    }

}
