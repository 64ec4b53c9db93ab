package io.sluice.cluster;

import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Arrivals;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances (three Sluice apps, each with its own broker, on one PostgreSQL) sending one site whose rate is
 * 20 msg/s (600 messages), and a fourth that joins when a third is sent: with shared pacing (the default on PostgreSQL)
 * the receiver gets 20 msg/s from all of them together; each pacing alone, it gets three to four times that, which is
 * what a receiver with a limit would have deferred.
 */
class SharedPacingAppTest {

    private static final int RATE = 20;
    private static final int MESSAGES = 600;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    @Test
    void shouldSendASiteAtItsRateFromThreeInstancesTogetherAndAFourthJoiningChangesNothing() throws Exception {
        Run run = run(true);
        System.out.printf("[shared-pacing] shared: %s%n", run);
        assertThat(run.perInstance()).as("every instance sent some, the one that joined too").allMatch(n -> n > 0);
        // a receiver's window of 10 s (as Postfix's 30/10s): at most R(1+5 %); the slots themselves are 50 ms apart,
        // what goes beyond is SMTP's own jitter (a message held up by a new connection arrives with the next one)
        assertThat(run.maxIn(WINDOW)).as("messages the receiver got in any %s (rate %d/s)", WINDOW, RATE)
                .isLessThanOrEqualTo((int) (RATE * WINDOW.toSeconds() * 1.05));
        // and together they still use the site's rate (the ideal is 30 s)
        assertThat(run.seconds()).as("time to send %d at %d/s", MESSAGES, RATE).isLessThan(MESSAGES / (double) RATE * 1.5);
    }

    @Test
    void shouldShowSeveralTimesTheRateWhenEachInstancePacesAlone() throws Exception {
        Run run = run(false);
        System.out.printf("[shared-pacing] alone: %s%n", run);
        assertThat(run.maxIn(WINDOW)).as("any %s without shared pacing", WINDOW).isGreaterThan((int) (RATE * WINDOW.toSeconds() * 2));
    }

    private static Run run(boolean shared) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            String domains = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                    + "  flow: {initialRate: " + RATE + ", maxRate: " + RATE + "}\n";
            SluiceApp.Builder instance = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    // small claims, so that all three instances hold some of the site's mail at once
                    .property("sluice.claim.batch-size", "20").property("sluice.claim.max-batches-per-poll", "1")
                    .property("sluice.cluster.shared-pacing", String.valueOf(shared));
            List<Long> perInstance = new ArrayList<>();
            try (SluiceApp a = instance.start(); SluiceApp b = instance.start(); SluiceApp c = instance.start()) {
                long delivery = campaign.delivery().create();
                int first = MESSAGES / 3;
                campaign.pendingMany(delivery, IntStream.range(0, first).mapToObj(i -> "u" + i + "@paced.test").toList());
                await().atMost(Duration.ofSeconds(120)).until(() -> smtp.receivedMessages().size() >= first / 2);
                try (SluiceApp d = instance.start()) { // a fourth instance joins mid-run
                    // the rest of the mail arrives once it runs: the three claim up to sluice.flow.broker-horizon
                    // ahead (10 min of the site's rate), so mail queued before it joined was all theirs already
                    // (it sent 0 of 600 in two runs), and a joiner has nothing to take until new mail is queued
                    campaign.pendingMany(delivery, IntStream.range(first, MESSAGES)
                            .mapToObj(i -> "u" + i + "@paced.test").toList());
                    await().atMost(Duration.ofSeconds(180)).until(() -> campaign.count(
                            "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == MESSAGES);
                    for (SluiceApp app : List.of(a, b, c, d)) {
                        perInstance.add(app.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                                .getManagedProcessor("send-smtp").getExchangesCompleted());
                    }
                }
            }
            List<Instant> received = smtp.receivedMessages().stream().map(ReceivedMessage::receivedAt).sorted().toList();
            assertThat(received).hasSize(MESSAGES);
            return new Run(received, perInstance);
        }
    }

    private record Run(List<Instant> received, List<Long> perInstance) {

        double seconds() {
            return Duration.between(received.get(0), received.get(received.size() - 1)).toMillis() / 1000.0;
        }

        int maxIn(Duration window) {
            return Arrivals.maxInAnyWindow(received, window);
        }

        @Override
        public String toString() {
            return String.format("%d sent in %.1f s by the instances %s; most in any 1 s: %d, 5 s: %d, 10 s: %d",
                    received.size(), seconds(), perInstance, maxIn(Duration.ofSeconds(1)), maxIn(Duration.ofSeconds(5)),
                    maxIn(Duration.ofSeconds(10)));
        }
    }
}
