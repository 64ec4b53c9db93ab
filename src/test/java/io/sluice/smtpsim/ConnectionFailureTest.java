package io.sluice.smtpsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import jakarta.mail.MessagingException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionFailureTest {

    private SmtpSimulator smtp;
    private SmtpClient client;

    @BeforeEach
    void start() {
        smtp = SmtpSimulator.builder()
                .behaviour("crash.example", DomainBehaviour.dropConnection())
                .behaviour("lost.example", DomainBehaviour.dropConnectionAtData())
                .behaviour("slow.example", DomainBehaviour.slow(Duration.ofSeconds(3)))
                .behaviour("slowly-busy.example", DomainBehaviour.defer("421 4.7.0 Busy").delayedBy(Duration.ofMillis(300)))
                .build().start();
        client = new SmtpClient(smtp);
    }

    @AfterEach
    void stop() {
        smtp.close();
    }

    @Test
    void droppedAtRcptTheClientGetsNoReply() {
        Throwable thrown = catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@crash.example"));

        // Angus reports "[EOF]" or a broken pipe depending on whether it was reading or writing.
        assertThat(thrown).isInstanceOf(MessagingException.class);
        assertThat(messagesOf(thrown)).doesNotContain("421", "Connection dropped by simulator");
        assertThat(smtp.counters().droppedConnections()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> smtp.counters().currentSessions() == 0);
    }

    private static String messagesOf(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof MessagingException m ? m.getNextException() : null) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    @Test
    void droppedAfterTheContentNothingIsCountedAsAccepted() {
        Throwable thrown = catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@lost.example"));

        assertThat(thrown).isInstanceOf(MessagingException.class);
        assertThat(smtp.counters().acceptedRecipients("lost.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages()).isZero();
        assertThat(smtp.receivedMessages()).isEmpty();
        assertThat(smtp.counters().droppedConnections()).isEqualTo(1);
    }

    @Test
    void slowDomainTripsTheClientReadTimeout() {
        Properties impatient = new Properties();
        impatient.put("mail.smtp.timeout", "300");
        SmtpClient impatientClient = new SmtpClient(smtp, impatient);

        Throwable thrown = catchThrowable(() -> impatientClient.send("a@sluice.test", "s", "b", "x@slow.example"));

        assertThat(thrown).isInstanceOf(MessagingException.class);
        assertThat(thrown).hasRootCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void delayedDeferralStillAnswersWithItsReply() {
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@slowly-busy.example"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(DomainRepliesTest.addressFailure(thrown).getReturnCode()).isEqualTo(421);
    }

    @Test
    void closeDoesNotWaitForASlowReply() throws Exception {
        Thread sender = new Thread(() -> catchThrowable(() -> client.send("a@sluice.test", "s", "b", "x@slow.example")));
        sender.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> smtp.counters().currentSessions() == 1);

        long start = System.nanoTime();
        smtp.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        sender.join(5000);
    }
}
