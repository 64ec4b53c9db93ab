package io.sluice.pipeline;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.diagnosis.DiagnosisReport;
import io.sluice.diagnosis.HtmlReport;
import io.sluice.diagnosis.TextReport;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.ReplyRule;
import io.sluice.history.FlowEventStore;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider refusing the sender's authentication (Gmail's 550 5.7.26, answered by the in-JVM simulator): the shipped
 * rule holds that site with a cause naming authentication, its mail is parked (Pending), no recipient is failed for it,
 * another domain is served normally, and the diagnosis verdict is AUTHENTICATION problem at that site.
 */
class AuthenticationReplyTest {

    static final String UNAUTHENTICATED = "550 5.7.26 This mail has been blocked because the sender is"
            + " unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.";

    @RegisterExtension
    final CampaignFixture fixture = new CampaignFixture();

    @Test
    void shouldHoldTheSiteAndFailNoRecipientOnAnAuthenticationReply() throws Exception {
        fixture.smtp().setBehaviour("gmail.test", DomainBehaviour.reject(UNAUTHENTICATED));
        Campaign campaign = fixture.campaign();
        long delivery = campaign.delivery().retries(3, 3600).create();
        List<Long> held = fixture.rows(delivery, "gmail.test", 10);
        List<Long> others = fixture.rows(delivery, "other.test", 5);

        try (SluiceApp app = fixture.app().domains(SluiceApp.relayTo(fixture.smtp().port(), Map.of())).start()) {
            FlowControlRegistry flows = app.context().getRegistry().lookupByNameAndType("flowControl",
                    FlowControlRegistry.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> allSettled(campaign, held) && allSent(campaign, others));

            DomainFlow site = flows.find("gmail.test").orElseThrow();
            assertThat(site.getState()).isEqualTo(DomainFlow.State.SUSPENDED);
            assertThat(site.snapshot().reason()).contains(ReplyRule.AUTHENTICATION_FAILURE).contains("550 5.7.26");
            assertThat(flows.find("other.test").map(DomainFlow::getState)).contains(DomainFlow.State.NORMAL);

            int refused = 0;
            for (long id : held) {
                Campaign.Row row = campaign.row(id);
                assertThat(row.status()).as("never Failed for the recipient: Pending, retried or parked").isEqualTo(6);
                if (!BroadlogTexts.DYNAMIC_FLOW_CONTROL.equals(row.msgText())) {
                    refused++;
                    assertThat(row.failureType()).as("Ignored: not counted against the address")
                            .isEqualTo(FailureType.IGNORED.code());
                    assertThat(row.failureReason()).isEqualTo(FailureReason.REFUSED.code());
                    assertThat(row.msgText()).startsWith("550 5.7.26");
                }
            }
            assertThat(refused).as("the rows that met the reply before the hold").isBetween(1, held.size());
            assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 2")).isZero();
            assertThat(fixture.smtp().receivedMessages()).extracting((ReceivedMessage m) -> m.recipients().get(0))
                    .allMatch(r -> r.endsWith("@other.test")).hasSize(others.size());

            app.context().getRegistry().lookupByNameAndType("flowEventStore", FlowEventStore.class)
                    .flush(Duration.ofSeconds(10));
            assertThat(campaign.count("SELECT COUNT(*) FROM SluiceFlowEvent WHERE sDomain = 'gmail.test'"
                    + " AND sToState = 'SUSPENDED' AND sCause LIKE '%" + ReplyRule.AUTHENTICATION_FAILURE + "%'"))
                    .as("the flow history names authentication").isGreaterThanOrEqualTo(1);
            DiagnosisReport report = DiagnosisReport.load(fixture.db().dataSource(), delivery, Instant.now())
                    .orElseThrow();
            assertThat(report.verdict).isEqualTo(DiagnosisReport.Verdict.AUTHENTICATION);
            assertThat(report.verdictLabel).isEqualTo("AUTHENTICATION problem at gmail.test");
            assertThat(String.join("\n", report.reasons)).contains("550 5.7.26").contains("SPF").contains("DKIM")
                    .contains("_dmarc").contains("alignment");
            assertThat(TextReport.render(report)).contains("Verdict: AUTHENTICATION problem at gmail.test");
            assertThat(HtmlReport.render(report)).contains("class=\"verdict AUTHENTICATION\"")
                    .contains("AUTHENTICATION problem at gmail.test");
        }
    }

    /** Every row met the reply (and waits for its retry) or is parked while the site is held. */
    private static boolean allSettled(Campaign campaign, List<Long> ids) throws Exception {
        for (long id : ids) {
            Campaign.Row row = campaign.row(id);
            if (row.msgText() == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean allSent(Campaign campaign, List<Long> ids) throws Exception {
        for (long id : ids) {
            if (campaign.row(id).status() != 1) {
                return false;
            }
        }
        return true;
    }
}
