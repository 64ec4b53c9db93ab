package io.sluice.send.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testsupport.SluiceApp;
import java.util.Map;
import org.apache.camel.component.mail.MailComponent;
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
}
