package io.sluice.diagnosis;

import io.sluice.diagnosis.DiagnosisReport.DomainLine;
import io.sluice.diagnosis.DiagnosisReport.ErrorClass;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.CapturedLog;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report tells what the receiver saw (issue 21, item 6): a domain of the in-JVM simulator accepts 10 recipients a
 * second and defers the rest with a 4xx; every message is sent in the end, so the broadlog (each message's last
 * failure) holds no deferral at all. The report counts the deferrals from SluiceAttemptLog: as many as the simulator
 * answered, with their reply among the top replies and red bars in the timeline. Without the table the batch is
 * still written and the report falls back to the broadlog.
 */
class AttemptLogReportTest {

    static final String THROTTLED = "throttled.test";
    static final String DEFERRAL = "450 4.7.1 Too many messages, slow down";
    static final int MESSAGES = 60;

    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    @Test
    void shouldCountEveryDeferralTheReceiverAnsweredThoughEveryMessageWasSentInTheEnd() throws Exception {
        long delivery = sendThroughTheThrottledDomain();
        long deferred = fixture.smtp().counters().deferredRecipients(THROTTLED);
        long accepted = fixture.smtp().counters().acceptedRecipients(THROTTLED);
        assertThat(deferred).as("the simulator deferred some attempts").isPositive();
        assertThat(accepted).isEqualTo(MESSAGES);
        assertThat(fixture.campaign().count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iMsgId IS NOT NULL"))
                .as("no row keeps a failure: the broadlog alone shows no deferral").isZero();

        DiagnosisReport report = DiagnosisReport.load(fixture.db().dataSource(), delivery, Instant.now()).orElseThrow();
        DomainLine line = report.domains.get(THROTTLED);
        System.out.printf("[attempt-log] simulator: %d accepted, %d deferred; report: %d attempts, %d deferred%n",
                accepted, deferred, line.attempts(), line.errors(ErrorClass.DEFERRAL));
        assertThat(report.everyAttempt).isTrue();
        assertThat(line.errors(ErrorClass.DEFERRAL)).as("the report's deferrals are the receiver's").isEqualTo(deferred);
        assertThat(line.attempts()).as("attempts: what the receiver answered").isEqualTo(accepted + deferred);
        assertThat(line.sent).isEqualTo(MESSAGES);
        assertThat(line.replies).first().satisfies(r -> {
            assertThat(r.text()).contains("Too many messages, slow down");
            assertThat(r.errorClass()).isEqualTo(ErrorClass.DEFERRAL);
            assertThat(r.count()).isEqualTo(deferred);
        });

        String text = TextReport.render(report);
        System.out.println(text);
        assertThat(text).contains("Attempts: " + deferred + " of " + (accepted + deferred)
                + " attempts deferred/refused (every attempt")
                .contains("Top replies (over all attempts)").contains("Too many messages, slow down");
        long redBars = deferralsDrawn(report);
        assertThat(redBars).as("the deferrals drawn in the timeline").isEqualTo(deferred);
        String html = HtmlReport.render(report);
        assertThat(html).contains("fill=\"" + TimelineChart.BAD_COLOR + "\"").contains("Too many messages, slow down")
                .contains("Top replies (over all attempts)");
    }

    @Test
    void shouldWriteTheBroadlogAndReportFromItWhenTheAttemptLogTableIsMissing() throws Exception {
        fixture.campaign().execute("DROP TABLE SluiceAttemptLog");
        long delivery;
        try (CapturedLog log = CapturedLog.warnings()) {
            delivery = sendThroughTheThrottledDomain();
            assertThat(log.lines()).as("each batch's failure is logged")
                    .anyMatch(l -> l.startsWith("ERROR") && l.contains("not logged in SluiceAttemptLog"))
                    .as("no redelivery of the batch: the broadlog write was not retried")
                    .noneMatch(l -> l.contains("Could not write") || l.contains("redelivery"));
        }
        assertThat(fixture.campaign().count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1"))
                .as("every broadlog write landed").isEqualTo(MESSAGES);

        DiagnosisReport report = DiagnosisReport.load(fixture.db().dataSource(), delivery, Instant.now()).orElseThrow();
        assertThat(report.everyAttempt).isFalse();
        assertThat(report.domains.get(THROTTLED).sent).isEqualTo(MESSAGES);
        assertThat(TextReport.render(report)).contains("each message's last failure only")
                .contains("Top replies (the last failure of each message)");
    }

    /** {@value #MESSAGES} messages to a domain accepting 10 a second, retried after 1 s; waits until all are sent. */
    private long sendThroughTheThrottledDomain() throws Exception {
        fixture.smtp().setBehaviour(THROTTLED, DomainBehaviour.rateLimit(10, Duration.ofSeconds(1), DEFERRAL));
        Campaign campaign = fixture.campaign();
        long delivery = campaign.delivery().retries(1000, 1).create();
        List<Long> rows = fixture.rows(delivery, THROTTLED, MESSAGES);
        try (SluiceApp app = fixture.app().domains(fixture.shortWindowPolicy("")).start()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
                    campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iDeliveryId = "
                            + delivery) == rows.size());
        } // stopping flushes the result writer's last batch
        return delivery;
    }

    private static long deferralsDrawn(DiagnosisReport report) {
        long n = 0;
        for (long b : report.buckets.get(THROTTLED).bad()) {
            n += b;
        }
        return n;
    }
}
