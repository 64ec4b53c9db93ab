package io.sluice.cluster;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowSnapshot;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22: a suspend rule matched by instance A stops instance B within a second. Two Sluice apps on one PostgreSQL
 * send one site; only A's server answers Yahoo's "[TSS04]" (A's domains file routes the site to it), so only A can
 * match the shipped rule yahoo-tss04 (suspend 2 h). B, whose own server accepts everything, must stop too.
 */
class SharedHoldsAppTest {

    @Test
    void shouldStopEveryInstanceWithinASecondWhenOneMatchesASuspendRule() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator accepting = SmtpSimulator.builder().build().start();
             SmtpSimulator tss04 = SmtpSimulator.builder().defaultBehaviour(DomainBehaviour.defer(
                     "421 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume")).build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            // small claims (10 per second each), so that both instances hold some of the site's mail at once
            try (SluiceApp appB = small(SluiceApp.builder().database(db.url(), db.user()).domains(domains(accepting.port())))
                    .start();
                 SluiceApp appA = small(SluiceApp.builder().database(db.url(), db.user()).domains(domains(tss04.port())))
                    .start()) {
                long delivery = campaign.delivery().retries(10, 60).create();
                campaign.pendingMany(delivery, IntStream.range(0, 400).mapToObj(i -> "u" + i + "@held.test").toList());
                FlowSnapshot onA = await().atMost(Duration.ofSeconds(30)).until(() -> flow(appA).snapshot(),
                        s -> s.state() == DomainFlow.State.SUSPENDED);
                Instant suspendedOnA = onA.since();
                FlowSnapshot onB = await().atMost(Duration.ofSeconds(10)).until(() -> flow(appB).snapshot(),
                        s -> s.state() == DomainFlow.State.SUSPENDED);
                Duration followedAfter = Duration.between(suspendedOnA, onB.since());
                Thread.sleep(3000);
                long sentByBAfterOneSecond = accepting.receivedMessages().stream().map(ReceivedMessage::receivedAt)
                        .filter(t -> t.isAfter(suspendedOnA.plusSeconds(1))).count();
                System.out.printf("[shared-holds] A suspended the site at %s; B followed %d ms later; B sent %d"
                        + " message(s) more than 1 s after; B's reason: %s%n", suspendedOnA, followedAfter.toMillis(),
                        sentByBAfterOneSecond, onB.reason());
                assertThat(followedAfter).as("B held back after A").isLessThan(Duration.ofSeconds(1));
                assertThat(sentByBAfterOneSecond).as("messages B sent more than 1 s after A's suspension").isZero();
                assertThat(onB.reason()).contains("yahoo-tss04");
                assertThat(Duration.between(Instant.now(), onB.until())).isGreaterThan(Duration.ofMinutes(119));
            }
        }
    }

    private static SluiceApp.Builder small(SluiceApp.Builder app) {
        return app.property("sluice.claim.batch-size", "10").property("sluice.claim.max-batches-per-poll", "1");
    }

    private static String domains(int port) {
        return "defaults:\n  transport: \"smtp://127.0.0.1:" + port + "\"\n  flow: {initialRate: 20, maxRate: 20}\n";
    }

    private static DomainFlow flow(SluiceApp app) {
        return app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class).flow("held.test");
    }
}
