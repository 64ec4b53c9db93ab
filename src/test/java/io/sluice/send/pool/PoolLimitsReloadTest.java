package io.sluice.send.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A reloaded policy's connection limits reach destinations already in use (DestinationLimits.relimit, then
 * SmtpConnectionPool.reapplyLimits): the open connections stay, the surplus over a lowered limit is QUIT as sends
 * come back or are borrowed.
 */
class PoolLimitsReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void shouldApplyALoweredConnectionLimitToADestinationInUse() throws Exception {
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0)
                .defaultBehaviour(DomainBehaviour.slow(Duration.ofMillis(5))).build().start()) {
            DestinationLimits limits = new DestinationLimits();
            limits.register("127.0.0.1", smtp.port(), "site-a", "site-a", 6, 1000, null);
            SmtpConnectionPool pool = new SmtpConnectionPool(MailContext.settings(6, 1000), limits, Clock.systemUTC(),
                    site -> false);
            Destination destination = new Destination("smtp", "127.0.0.1", smtp.port(), null, false);
            try (MailContext mail = MailContext.pooled(pool)) {
                sendConcurrently(mail, smtp.port(), 12, 20, "before");
                assertThat(smtp.counters().maxConcurrentSessions()).isEqualTo(6);
                assertThat(pool.reapplyLimits()).as("nothing changed yet").isZero();

                limits.relimit(key -> new DestinationLimits.Knobs(key.equals("site-a") ? 2 : null, null, null));
                assertThat(pool.reapplyLimits()).isEqualTo(1);
                sendConcurrently(mail, smtp.port(), 12, 20, "after");

                assertThat(smtp.counters().acceptedMessages()).isEqualTo(480);
                await().atMost(WAIT).until(() -> pool.openConnections(destination) <= 2);
                assertThat(pool.siteConnections("site-a")).endsWith("open, at most 2");
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
}
