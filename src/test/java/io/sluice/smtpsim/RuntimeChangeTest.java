package io.sluice.smtpsim;

import static io.sluice.smtpsim.DomainRepliesTest.addressFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeChangeTest {

    private SmtpSimulator smtp;
    private SmtpClient client;

    @BeforeEach
    void start() {
        smtp = SmtpSimulator.builder()
                .behaviour("flaky.example", DomainBehaviour.defer("451 4.3.0 Temporary failure"))
                .build().start();
        client = new SmtpClient(smtp);
    }

    @AfterEach
    void stop() {
        smtp.close();
    }

    @Test
    void aDeferringDomainHealsWithinTheSameSession() throws Exception {
        try (Transport transport = client.connect()) {
            MimeMessage first = client.message("a@sluice.test", "s", "b", "x@flaky.example");
            Throwable thrown = catchThrowable(() -> transport.sendMessage(first, first.getAllRecipients()));
            assertThat(addressFailure(thrown).getReturnCode()).isEqualTo(451);

            smtp.setBehaviour("flaky.example", DomainBehaviour.accept());

            MimeMessage retry = client.message("a@sluice.test", "s", "b", "x@flaky.example");
            transport.sendMessage(retry, retry.getAllRecipients());
        }
        assertThat(smtp.awaitAccepted(1, Duration.ofSeconds(5))).isTrue();
        assertThat(smtp.counters().sessionsOpened()).isEqualTo(1);
        assertThat(smtp.counters().deferredRecipients("flaky.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages("flaky.example")).isEqualTo(1);
    }

    @Test
    void aHealthyDomainCanStartRejecting() throws Exception {
        client.send("a@sluice.test", "s", "b", "x@fine.example");
        smtp.setBehaviour("Fine.Example", DomainBehaviour.reject("550 5.7.1 Blocked"));

        assertThat(addressFailure(catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@fine.example")))
                .getReturnCode()).isEqualTo(550);

        smtp.clearBehaviour("fine.example");
        client.send("a@sluice.test", "s", "b", "x@fine.example");
        assertThat(smtp.counters().acceptedMessages("fine.example")).isEqualTo(2);
    }

    @Test
    void refusedGreetingCanBeLifted() throws Exception {
        smtp.refuseConnectionsWith("421 4.3.2 Service not available");

        Throwable refused = catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@fine.example"));
        assertThat(refused).isInstanceOf(MessagingException.class).hasMessageContaining("421 4.3.2 Service not available");

        smtp.acceptConnections();
        client.send("a@sluice.test", "s", "b", "x@fine.example");

        assertThat(smtp.counters().sessionsOpened()).isEqualTo(2);
        assertThat(smtp.counters().sessionsRefused()).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages()).isEqualTo(1);
        // the server notices the client's QUIT/close on its own thread, a moment after send() returns
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> smtp.counters().currentSessions() == 0);
    }
}
