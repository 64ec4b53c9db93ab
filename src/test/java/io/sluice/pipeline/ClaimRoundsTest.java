package io.sluice.pipeline;

import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One claim poll claims again while its claims come back full, up to {@code sluice.claim.max-batches-per-poll}
 * claims (route claim-pending, loop claim-rounds): an instance is no longer held to batch-size messages per poll.
 */
class ClaimRoundsTest {

    @Test
    void shouldClaimAgainWithinAPollWhileClaimsComeBackFullUpToTheMaximum() throws Exception {
        int rows = 60;
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            campaign.pendingMany(delivery, IntStream.range(0, rows).mapToObj(i -> "user" + i + "@d" + (i % 4) + ".test")
                    .toList());
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains(SluiceApp.relayTo(smtp.port(), Map.of()))
                    .property("sluice.claim.batch-size", "10")
                    .property("sluice.claim.max-batches-per-poll", "5")
                    // polls far enough apart that the counters below are read between two of them
                    .property("sluice.claim.cron", "0/5 * * * * ?")
                    .start()) {
                await().atMost(Duration.ofSeconds(120)).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == rows);
                ManagedCamelContext managed = app.context().getCamelContextExtension()
                        .getContextPlugin(ManagedCamelContext.class);
                ManagedRouteMBean poll = managed.getManagedRoute("claim-pending");
                await().atMost(Duration.ofSeconds(30)).until(() -> poll.getExchangesInflight() == 0);
                long polls = poll.getExchangesCompleted();
                long claims = managed.getManagedProcessor("claim-rows").getExchangesCompleted();

                // first poll: 5 full claims of 10, then it stops at the maximum although 10 rows are still due;
                // second poll: 10 rows (full), so once more, which finds none; every later poll: one empty claim
                assertThat(claims).as("claims in %d polls", polls).isEqualTo(polls + 4 + 1);
            }
            Map<String, Long> perRow = smtp.receivedMessages().stream()
                    .collect(Collectors.groupingBy(m -> m.header("X-Broadlog-Id").orElseThrow(), Collectors.counting()));
            assertThat(perRow).hasSize(rows);
            assertThat(perRow.values()).as("no row sent twice").allMatch(n -> n == 1);
        }
    }
}
