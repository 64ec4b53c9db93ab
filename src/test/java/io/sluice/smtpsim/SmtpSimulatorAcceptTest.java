package io.sluice.smtpsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpSimulatorAcceptTest {

    private SmtpSimulator smtp;
    private SmtpClient client;

    @BeforeEach
    void start() {
        smtp = SmtpSimulator.builder().build().start();
        client = new SmtpClient(smtp);
    }

    @AfterEach
    void stop() {
        smtp.close();
    }

    @Test
    void listensOnAFreeLoopbackPort() {
        assertThat(smtp.host()).isEqualTo("127.0.0.1");
        assertThat(smtp.port()).isPositive();
    }

    @Test
    void acceptedMessageIsCapturedRawWithEnvelopeAndHeaders() throws Exception {
        client.send("news@sluice.test", "Hello there", "Body line\r\n.leading dot line", "ann@inbox.example", "bob@other.example");

        assertThat(smtp.awaitAccepted(1, Duration.ofSeconds(5))).isTrue();
        List<ReceivedMessage> received = smtp.receivedMessages();
        assertThat(received).hasSize(1);
        ReceivedMessage message = received.get(0);
        assertThat(message.envelopeFrom()).isEqualTo("news@sluice.test");
        assertThat(message.recipients()).containsExactly("ann@inbox.example", "bob@other.example");
        assertThat(message.header("Subject")).contains("Hello there");
        assertThat(message.header("from")).contains("news@sluice.test");
        assertThat(message.headers()).containsKeys("Message-ID", "MIME-Version", "To");
        assertThat(message.headers()).doesNotContainKey("Received"); // exactly as the client sent it
        assertThat(message.rawString()).contains("Subject: Hello there\r\n").contains("\r\n\r\n");
        assertThat(message.raw()).hasSize(message.size());
        assertThat(message.body()).contains("Body line\r\n.leading dot line"); // dot unstuffed
        assertThat(smtp.counters().acceptedMessages()).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages("inbox.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedMessages("OTHER.example")).isEqualTo(1);
        assertThat(smtp.counters().acceptedRecipients("inbox.example")).isEqualTo(1);
    }

    @Test
    void foldedHeadersAreUnfolded() throws Exception {
        MimeMessage message = client.message("a@sluice.test", "x", "y", "c@inbox.example");
        message.setHeader("X-Campaign", "spring-sale;\r\n\tbatch=7");
        message.saveChanges();
        Transport.send(message);

        smtp.awaitAccepted(1, Duration.ofSeconds(5));
        assertThat(smtp.receivedMessages().get(0).header("x-campaign")).contains("spring-sale; batch=7");
    }

    @Test
    void countsSessionsAndTheHighestConcurrency() throws Exception {
        List<Transport> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(client.connect());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> smtp.counters().currentSessions() == 3);
        } finally {
            for (Transport t : open) {
                t.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> smtp.counters().currentSessions() == 0);
        client.send("a@sluice.test", "s", "b", "c@inbox.example");

        assertThat(smtp.counters().sessionsOpened()).isEqualTo(4);
        assertThat(smtp.counters().maxConcurrentSessions()).isEqualTo(3);
    }

    @Test
    void severalMessagesOverOneSession() throws Exception {
        try (Transport transport = client.connect()) {
            for (int i = 0; i < 5; i++) {
                MimeMessage m = client.message("a@sluice.test", "n" + i, "b", "c@inbox.example");
                transport.sendMessage(m, m.getAllRecipients());
            }
        }
        assertThat(smtp.awaitAccepted(5, Duration.ofSeconds(5))).isTrue();
        assertThat(smtp.counters().sessionsOpened()).isEqualTo(1);
        assertThat(smtp.receivedMessages()).extracting(m -> m.header("Subject").orElseThrow())
                .containsExactly("n0", "n1", "n2", "n3", "n4");
    }

    @Test
    void awaitAcceptedTimesOutWhenNothingArrives() {
        assertThat(smtp.awaitAccepted(1, Duration.ofMillis(50))).isFalse();
    }

    @Test
    void resetZeroesCountersAndCapture() throws Exception {
        client.send("a@sluice.test", "s", "b", "c@inbox.example");
        smtp.awaitAccepted(1, Duration.ofSeconds(5));

        smtp.reset();

        assertThat(smtp.counters().acceptedMessages()).isZero();
        assertThat(smtp.counters().acceptedMessages("inbox.example")).isZero();
        assertThat(smtp.counters().sessionsOpened()).isZero();
        assertThat(smtp.receivedMessages()).isEmpty();
    }
}
