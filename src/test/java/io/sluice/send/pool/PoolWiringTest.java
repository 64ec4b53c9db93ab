package io.sluice.send.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testsupport.SluiceApp;
import java.util.Map;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailEndpoint;
import org.junit.jupiter.api.Test;

/** The application's smtp component uses the pool, with the camel.component.smtp.* settings still applied. */
class PoolWiringTest {

    @Test
    void shouldGiveTheSmtpComponentThePooledConfigurationWithItsTimeouts() throws Exception {
        try (SluiceApp app = SluiceApp.builder().domains(SluiceApp.relayTo(1, Map.of()))
                .property("sluice.smtp.connect-timeout", "1234").start()) {
            MailComponent smtp = app.context().getComponent("smtp", MailComponent.class);

            assertThat(smtp.getConfiguration()).isInstanceOf(PooledMailConfiguration.class);
            assertThat(smtp.getConfiguration().getConnectionTimeout()).isEqualTo(1234);
            assertThat(smtp.getConfiguration().getAdditionalJavaMailProperties()).containsEntry("mail.smtp.timeout", "30000");
            assertThat(app.context().getRegistry().lookupByNameAndType("smtpConnectionPool", SmtpConnectionPool.class).isStarted()).isTrue();
        }
    }

    @Test
    void shouldLeaveCamelMailAloneWhenThePoolIsDisabled() throws Exception {
        try (SluiceApp app = SluiceApp.builder().domains(SluiceApp.relayTo(1, Map.of()))
                .property("sluice.smtp.pool.enabled", "false").start()) {
            MailComponent smtp = app.context().getComponent("smtp", MailComponent.class);

            assertThat(smtp.getConfiguration()).isNotInstanceOf(PooledMailConfiguration.class);
            assertThat(app.context().getRegistry().lookupByName("smtpConnectionPool")).isNull();
        }
    }

    @Test
    void shouldNeverShareASessionBetweenADomainRequiringTlsAndOneThatDoesNot() throws Exception {
        try (SluiceApp app = SluiceApp.builder().domains(SluiceApp.relayTo(1, Map.of())).start()) {
            Destination opportunistic = destinationOf(app, "smtp://127.0.0.1:2525");
            Destination required = destinationOf(app,
                    "smtp://127.0.0.1:2525?additionalJavaMailProperties=#bean:smtpClientPropertiesTlsRequired");

            assertThat(opportunistic.tlsRequired()).isFalse();
            assertThat(required.tlsRequired()).isTrue();
            assertThat(required).isNotEqualTo(opportunistic);
        }
    }

    @Test
    void shouldOfferStartTlsOpportunisticallyByDefault() throws Exception {
        try (SluiceApp app = SluiceApp.builder().domains(SluiceApp.relayTo(1, Map.of())).start()) {
            MailComponent smtp = app.context().getComponent("smtp", MailComponent.class);

            assertThat(smtp.getConfiguration().getAdditionalJavaMailProperties())
                    .containsEntry("mail.smtp.starttls.enable", "true")
                    .doesNotContainKey("mail.smtp.starttls.required");
        }
    }

    private static Destination destinationOf(SluiceApp app, String uri) {
        MailEndpoint endpoint = app.context().getEndpoint(uri, MailEndpoint.class);
        PooledMailConfiguration configuration = (PooledMailConfiguration) endpoint.getConfiguration();
        return ((PooledJavaMailSender) configuration.createJavaMailSender(app.context())).destination();
    }
}
