package io.sluice.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.StalledSmtpPeer;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code sluice.smtp.write-timeout} through the application's own smtp component: a receiver that stops reading
 * mid-DATA costs a send one write timeout, not a sender thread for ever, and the timer is shared by every
 * connection without keeping anything once the writes are done.
 */
class SmtpWriteTimeoutTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the write timeout the send below never returns
    void shouldGiveUpAWriteTheReceiverStoppedReading() throws Exception {
        try (StalledSmtpPeer stalled = new StalledSmtpPeer();
             SmtpSimulator healthy = SmtpSimulator.builder().captureCapacity(0).build().start();
             SluiceApp app = SluiceApp.builder().domains(SluiceApp.relayTo(healthy.port(), Map.of()))
                     .property("sluice.smtp.write-timeout", "1000")
                     .property("sluice.smtp.read-timeout", "30000").start()) {
            ProducerTemplate producer = app.context().createProducerTemplate();

            // 8 MB: more than the client's send buffer (at most 4 MB here) and the peer's receive buffer together
            Exchange stuck = producer.send("smtp://127.0.0.1:" + stalled.port(),
                    e -> e.getMessage().setBody(message("x".repeat(76) + "\r\n", 8 << 20)));

            assertThat(stalled.awaitData(1)).as("the client reached DATA").isTrue();
            assertThat(stuck.getException()).as("the send failed instead of hanging").isNotNull();
            assertThat(causes(stuck.getException())).contains("Write timed out");

            for (int i = 0; i < 20; i++) {
                Exchange ok = producer.send("smtp://127.0.0.1:" + healthy.port(),
                        e -> e.getMessage().setBody(message("hello\r\n", 2048)));
                assertThat(ok.getException()).isNull();
            }
            assertThat(healthy.counters().acceptedMessages()).isEqualTo(20);
            WriteDeadlines deadlines = (WriteDeadlines) app.context().getComponent("smtp", MailComponent.class)
                    .getConfiguration().getAdditionalJavaMailProperties().get("mail.smtp.executor.writetimeout");
            assertThat(deadlines.pendingCount()).as("every write's deadline cancelled or run").isZero();
        }
    }

    private static MimeMessage message(String line, int size) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("sender@sluice.test"));
        m.setRecipient(RecipientType.TO, new InternetAddress("someone@stalled.test"));
        m.setSubject("write timeout");
        m.setText(line.repeat(Math.max(1, size / line.length())), "US-ASCII");
        return m;
    }

    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
