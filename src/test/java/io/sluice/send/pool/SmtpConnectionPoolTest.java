package io.sluice.send.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.result.SendFailure;
import io.sluice.result.SendFailureClassifier;
import io.sluice.result.SendOutcome;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** The pool behind the real camel-mail producer, against a real SMTP server on loopback. */
class SmtpConnectionPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldCarryManyMessagesOverFewSessions() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0).build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(1, 100))) {
            for (int i = 0; i < 500; i++) {
                mail.sendOk(smtp.port(), "user" + i + "@d" + (i % 7) + ".test");
            }

            assertThat(smtp.counters().acceptedMessages()).isEqualTo(500);
            assertThat(smtp.counters().sessionsOpened()).as("ceil(500 / 100) sessions").isEqualTo(5);
        }
    }

    @Test
    void shouldQuitAndReconnectAfterMessagesPerConnection() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0).build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(4, 10))) {
            for (int i = 0; i < 95; i++) {
                mail.sendOk(smtp.port(), "user" + i + "@a.test");
            }

            assertThat(smtp.counters().sessionsOpened()).as("sequential sends: one slot used, 95 / 10 rounded up").isEqualTo(10);
            await().atMost(WAIT).until(() -> smtp.counters().currentSessions() == 1); // the 9 full ones were QUIT
        }
    }

    @Test
    void shouldNeverExceedMaxConnectionsUnderSixteenConcurrentSenders() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0)
                .defaultBehaviour(DomainBehaviour.slow(Duration.ofMillis(5))).build().start();
             // no retirement during this run: a retired session's QUIT and the server noticing its end race
             // with the replacement's connect, which would blur what is measured here (the limit itself)
             MailContext mail = MailContext.pooled(MailContext.settings(4, 1000))) {
            sendConcurrently(mail, smtp.port(), 16, 50, "t");

            assertThat(smtp.counters().acceptedMessages()).isEqualTo(800);
            assertThat(smtp.counters().maxConcurrentSessions()).isEqualTo(4);
            assertThat(smtp.counters().sessionsOpened()).as("connections reused, never more than 4").isEqualTo(4);
        }
    }

    @Test
    void shouldOpenFewerConnectionsWhileTheSiteIsHeldBackAndAllAgainOnceItRecovers() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0)
                .defaultBehaviour(DomainBehaviour.slow(Duration.ofMillis(5))).build().start()) {
            AtomicBoolean heldBack = new AtomicBoolean(true);
            DestinationLimits limits = new DestinationLimits();
            limits.register("127.0.0.1", smtp.port(), "busy-site", 6, 1000, null); // held back: 6 / 2 = 3
            SmtpConnectionPool pool = new SmtpConnectionPool(MailContext.settings(6, 1000), limits, Clock.systemUTC(),
                    site -> site.equals("busy-site") && heldBack.get());
            try (MailContext mail = MailContext.pooled(pool)) {
                sendConcurrently(mail, smtp.port(), 16, 25, "held");
                assertThat(smtp.counters().acceptedMessages()).isEqualTo(400);
                assertThat(smtp.counters().maxConcurrentSessions()).as("half of maxConnections while held back").isEqualTo(3);

                heldBack.set(false);
                sendConcurrently(mail, smtp.port(), 16, 25, "normal");
                assertThat(smtp.counters().acceptedMessages()).isEqualTo(800);
                assertThat(smtp.counters().maxConcurrentSessions()).as("all 6 once it recovered").isEqualTo(6);

                heldBack.set(true);
                sendConcurrently(mail, smtp.port(), 16, 25, "again");
                assertThat(smtp.counters().acceptedMessages()).isEqualTo(1200);
                // the surplus of the normal phase is QUIT as sends come back
                await().atMost(WAIT).until(() -> smtp.counters().currentSessions() <= 3);
            }
        }
    }

    @Test
    void shouldTakeTheSitesOwnHeldBackConnectionLimit() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0)
                .defaultBehaviour(DomainBehaviour.slow(Duration.ofMillis(5))).build().start()) {
            DestinationLimits limits = new DestinationLimits();
            limits.register("127.0.0.1", smtp.port(), "microsoft", 8, 1000, 1); // Microsoft asks for one connection
            SmtpConnectionPool pool = new SmtpConnectionPool(MailContext.settings(8, 1000), limits, Clock.systemUTC(),
                    site -> true);
            try (MailContext mail = MailContext.pooled(pool)) {
                sendConcurrently(mail, smtp.port(), 8, 10, "ms");
                assertThat(smtp.counters().acceptedMessages()).isEqualTo(80);
                assertThat(smtp.counters().maxConcurrentSessions()).isEqualTo(1);
            }
        }
    }

    private static void sendConcurrently(MailContext mail, int port, int threads, int each, String tag) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                runs.add(senders.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        mail.sendOk(port, tag + thread + "m" + i + "@b.test");
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void shouldReplaceTheConnectionAfterA421Reply() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder()
                .behaviour("busy.test", DomainBehaviour.defer("421 4.7.0 Try again later")).build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(1, 100))) {
            mail.sendOk(smtp.port(), "a@ok.test");
            assertThat(mail.send(smtp.port(), "b@busy.test").getException()).isNotNull();

            mail.sendOk(smtp.port(), "c@ok.test");

            assertThat(smtp.counters().sessionsOpened()).as("a new session after the 421").isEqualTo(2);
            assertThat(smtp.counters().acceptedMessages()).isEqualTo(2);
        }
    }

    @Test
    void shouldReconnectAfterA421Greeting() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(1, 1))) {
            smtp.refuseConnectionsWith("421 4.3.2 Service not available");
            Exception refused = mail.send(smtp.port(), "a@ok.test").getException();
            assertThat(refused).hasMessageContaining("421 4.3.2");
            assertThat(mail.pool().openConnections(destination(smtp))).as("failed connect frees its slot").isZero();

            smtp.acceptConnections();
            mail.sendOk(smtp.port(), "b@ok.test");

            assertThat(smtp.counters().acceptedMessages()).isEqualTo(1);
        }
    }

    @Test
    void shouldReplaceTheConnectionAfterItWasDropped() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder()
                .behaviour("drop.test", DomainBehaviour.dropConnection())
                .behaviour("dropdata.test", DomainBehaviour.dropConnectionAtData()).build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(1, 100))) {
            mail.sendOk(smtp.port(), "a@ok.test");
            assertThat(mail.send(smtp.port(), "b@drop.test").getException()).isNotNull();
            mail.sendOk(smtp.port(), "c@ok.test");
            assertThat(mail.send(smtp.port(), "d@dropdata.test").getException()).isNotNull();
            mail.sendOk(smtp.port(), "e@ok.test");

            assertThat(smtp.counters().sessionsOpened()).as("one new session after each drop").isEqualTo(3);
            assertThat(smtp.counters().acceptedMessages()).isEqualTo(3);
        }
    }

    @Test
    void shouldResetAndKeepTheSessionAfterARecipientRejection() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder()
                .behaviour("unknown.test", DomainBehaviour.reject("550 5.1.1 User unknown")).build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(1, 100))) {
            assertThat(mail.send(smtp.port(), "x@unknown.test").getException()).isNotNull();
            mail.sendOk(smtp.port(), "a@ok.test");
            assertThat(mail.send(smtp.port(), "y@unknown.test").getException()).isNotNull();
            mail.sendOk(smtp.port(), "b@ok.test");

            assertThat(smtp.counters().sessionsOpened()).as("a 550 leaves the session sound").isEqualTo(1);
            assertThat(smtp.receivedMessages()).extracting(m -> m.recipients().get(0)).containsExactly("a@ok.test", "b@ok.test");
        }
    }

    @Test
    void shouldCloseIdleConnectionsAfterTheIdleTimeout() throws Exception {
        SmtpPoolSettings shortIdle = new SmtpPoolSettings(4, 100, Duration.ofMillis(300), Duration.ofSeconds(5));
        try (SmtpSimulator smtp = SmtpSimulator.builder().build().start();
             MailContext mail = MailContext.pooled(shortIdle)) {
            mail.sendOk(smtp.port(), "a@ok.test");
            assertThat(smtp.counters().currentSessions()).isEqualTo(1);

            await().atMost(WAIT).until(() -> smtp.counters().currentSessions() == 0);
            assertThat(mail.pool().openConnections(destination(smtp))).isZero();

            mail.sendOk(smtp.port(), "b@ok.test");
            assertThat(smtp.counters().sessionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void shouldFailAsAConnectionFailureWhenNoConnectionFreesUpInTime() throws Exception {
        SmtpPoolSettings oneShortWait = new SmtpPoolSettings(1, 100, Duration.ofMinutes(1), Duration.ofMillis(100));
        try (SmtpSimulator smtp = SmtpSimulator.builder()
                .behaviour("slow.test", DomainBehaviour.slow(Duration.ofSeconds(2))).build().start();
             MailContext mail = MailContext.pooled(oneShortWait)) {
            ExecutorService holder = Executors.newSingleThreadExecutor();
            try {
                Future<?> slow = holder.submit(() -> mail.sendOk(smtp.port(), "a@slow.test"));
                await().atMost(WAIT).until(() -> smtp.counters().currentSessions() == 1);

                Exception waited = mail.send(smtp.port(), "b@ok.test").getException();

                assertThat(waited).isInstanceOf(ConnectionWaitTimeoutException.class);
                assertThat(new SendFailureClassifier().classify(waited).outcome()).isEqualTo(SendOutcome.CONNECTION_FAILURE);
                slow.get();
            } finally {
                holder.shutdownNow();
            }
        }
    }

    @Test
    void shouldKeepTheCallersMessageId() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(1, 100))) {
            mail.send(smtp.port(), "a@ok.test", "<sluice.1.2.abc@sluice.test>");

            ReceivedMessage received = smtp.receivedMessages().get(0);
            assertThat(received.header("Message-ID")).contains("<sluice.1.2.abc@sluice.test>");
        }
    }

    @Test
    void shouldSendEachEndpointToItsOwnServer() throws Exception {
        try (SmtpSimulator first = SmtpSimulator.builder().build().start();
             SmtpSimulator second = SmtpSimulator.builder().build().start();
             MailContext mail = MailContext.pooled(MailContext.settings(2, 100))) {
            for (int i = 0; i < 3; i++) {
                mail.sendOk(first.port(), "a" + i + "@one.test");
                mail.sendOk(second.port(), "b" + i + "@two.test");
            }

            assertThat(first.receivedMessages()).extracting(m -> m.recipients().get(0)).containsExactly("a0@one.test", "a1@one.test", "a2@one.test");
            assertThat(second.receivedMessages()).extracting(m -> m.recipients().get(0)).containsExactly("b0@two.test", "b1@two.test", "b2@two.test");
            assertThat(first.counters().sessionsOpened()).isEqualTo(1);
            assertThat(second.counters().sessionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void shouldQuitEveryConnectionWhenCamelStops() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            MailContext mail = MailContext.pooled(MailContext.settings(4, 100));
            mail.sendOk(smtp.port(), "a@ok.test");
            assertThat(smtp.counters().currentSessions()).isEqualTo(1);

            mail.close();

            await().atMost(WAIT).until(() -> smtp.counters().currentSessions() == 0);
            assertThat(mail.pool().isStopped()).isTrue();
        }
    }

    private static Destination destination(SmtpSimulator smtp) {
        return new Destination("smtp", smtp.host(), smtp.port(), null);
    }

    static SendFailure classify(Exchange exchange) {
        return new SendFailureClassifier().classify(exchange.getException());
    }
}
