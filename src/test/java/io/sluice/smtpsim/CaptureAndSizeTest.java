package io.sluice.smtpsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class CaptureAndSizeTest {

    @Test
    void captureStopsAtCapacityWhileCountersContinue() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(3).build().start()) {
            SmtpClient client = new SmtpClient(smtp);
            for (int i = 0; i < 5; i++) {
                client.send("a@sluice.test", "m" + i, "b", "x@inbox.example");
            }

            assertThat(smtp.counters().acceptedMessages()).isEqualTo(5);
            assertThat(smtp.receivedMessages()).extracting(m -> m.header("Subject").orElseThrow())
                    .containsExactly("m0", "m1", "m2");
        }
    }

    @Test
    void zeroCapacityDisablesTheCapture() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0).build().start()) {
            new SmtpClient(smtp).send("a@sluice.test", "s", "b", "x@inbox.example");

            assertThat(smtp.counters().acceptedMessages()).isEqualTo(1);
            assertThat(smtp.receivedMessages()).isEmpty();
        }
    }

    @Test
    void oversizedMessageIsRejectedWith552() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().maxMessageSize(2_000).build().start()) {
            SmtpClient client = new SmtpClient(smtp);
            client.send("a@sluice.test", "small", "b", "x@inbox.example");

            Throwable thrown = catchThrowable(() -> client.send("a@sluice.test", "big", "z".repeat(5_000), "x@inbox.example"));

            assertThat(thrown).isInstanceOf(MessagingException.class);
            assertThat(thrown).isInstanceOfSatisfying(SMTPSendFailedException.class,
                    e -> assertThat(e.getReturnCode()).isEqualTo(552));
            assertThat(smtp.counters().acceptedMessages()).isEqualTo(1);
            assertThat(smtp.receivedMessages()).hasSize(1);
        }
    }
}
