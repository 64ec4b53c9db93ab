package io.sluice.smtpsim;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A bounded load run over loopback with the capture off. Prints the rate for a human to read;
 * no wall-clock assertion, machines differ too much for one.
 */
class ThroughputTest {

    private static final int CONNECTIONS = 8;
    private static final int MESSAGES_PER_CONNECTION = 2_500;

    @Test
    void sustainsManyMessagesPerSecondWithCaptureDisabled() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0).build().start()) {
            SmtpClient client = new SmtpClient(smtp);
            // Build the messages first: the run should time the SMTP exchange, not MIME assembly.
            List<List<MimeMessage>> batches = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                List<MimeMessage> batch = new ArrayList<>();
                for (int i = 0; i < MESSAGES_PER_CONNECTION; i++) {
                    batch.add(client.message("news@sluice.test", "Offer " + i, "Hello " + i,
                            "user" + i + "@d" + (i % 10) + ".example"));
                }
                batches.add(batch);
            }

            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            long start = System.nanoTime();
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (List<MimeMessage> batch : batches) {
                    runs.add(pool.submit(() -> {
                        try (Transport transport = client.connect()) {
                            for (MimeMessage m : batch) {
                                transport.sendMessage(m, m.getAllRecipients());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            } finally {
                pool.shutdownNow();
            }
            int total = CONNECTIONS * MESSAGES_PER_CONNECTION;
            assertThat(smtp.awaitAccepted(total, Duration.ofSeconds(30))).isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("SMTP simulator throughput: %d messages over %d connections in %.2f s = %.0f msg/s%n",
                    total, CONNECTIONS, seconds, total / seconds);
            assertThat(smtp.counters().acceptedMessages("d3.example")).isEqualTo(total / 10);
            assertThat(smtp.counters().maxConcurrentSessions()).isEqualTo(CONNECTIONS);
            assertThat(smtp.receivedMessages()).isEmpty();
        }
    }
}
