package io.sluice.pipeline;

import io.sluice.broadlog.BroadlogTexts;
import io.sluice.dns.LoopbackDnsServer;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.parking.Parking;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One flow-control state per site: a suspension caused by one domain's replies holds back the mail of another
 * domain with the same MX hosts (it is the same receiver), while a domain on other MX hosts keeps sending.
 */
class SiteFlowControlTest {

    static final String ZONE = String.join("\n",
            "$TTL 300",
            "@          IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
            "@          IN NS  ns.test.",
            "ns         IN A   127.0.0.1",
            "shop-a     IN MX  10 mx1.hoster.test.",
            "shop-b     IN MX  10 mx1.hoster.test.",
            "solo       IN MX  10 mx.solo.test.",
            "mx1.hoster IN A   127.0.0.1",
            "mx.solo    IN A   127.0.0.1",
            "");

    static final String SITE = "mx1.hoster.test";

    @Test
    void shouldHoldBackEveryDomainOfASuspendedSiteAndNoOther() throws Exception {
        try (TestDatabase db = TestDatabase.open("embedded");
             LoopbackDnsServer dns = new LoopbackDnsServer("test.", ZONE);
             SmtpSimulator mx = SmtpSimulator.builder().build().start()) {
            mx.setBehaviour("shop-a.test", DomainBehaviour.defer("421 4.7.0 [TS99] SUSPEND-ME deferred"));
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(1000, 1).create();
            campaign.pendingMany(delivery, List.of("a1@shop-a.test", "a2@shop-a.test", "a3@shop-a.test"));
            String domains = String.join("\n",
                    "defaults:",
                    "  transport: mx",
                    "  flow: {window: 1s, upHoldoff: 1s, minAttempts: 5}",
                    "rules:",
                    "  - {name: test-suspend, match: 'SUSPEND-ME', action: suspend, duration: 2m, source: test}",
                    "");

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.dns.servers", dns.hostPort())
                    .property("sluice.smtp.mx-port", String.valueOf(mx.port()))
                    .start()) {
                FlowControlRegistry flows = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> flows.find(SITE)
                        .map(f -> f.getState() == DomainFlow.State.SUSPENDED).orElse(false));

                List<Long> b = campaign.pendingMany(delivery, List.of("b1@shop-b.test", "b2@shop-b.test", "b3@shop-b.test"));
                List<Long> solo = campaign.pendingMany(delivery, List.of("s1@solo.test", "s2@solo.test"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (long id : b) {
                        Campaign.Row row = campaign.row(id);
                        if (row.status() != 6 || !BroadlogTexts.DYNAMIC_FLOW_CONTROL.equals(row.msgText())) {
                            return false;
                        }
                    }
                    return true;
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> campaign.row(solo.get(0)).status() == 1
                        && campaign.row(solo.get(1)).status() == 1);

                assertThat(flows.find("shop-b.test")).as("no flow of its own").isEmpty();
                // the site's JMX bean counts the parked mail of all its domains (the broadlog is per domain)
                javax.management.ObjectName site = io.sluice.monitor.FlowControlMBeans.domainName(app.context().getName(), SITE);
                await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) java.lang.management.ManagementFactory
                        .getPlatformMBeanServer().getAttribute(site, "ParkedMessages")).longValue() >= 3 + 1);
                assertThat(mx.receivedMessages()).extracting(m -> m.recipients().get(0))
                        .as("nothing for the suspended site, the other site untouched")
                        .containsExactlyInAnyOrder("s1@solo.test", "s2@solo.test");
                for (long id : b) {
                    assertThat(campaign.row(id).status()).isEqualTo(6);
                }
            }
        }
    }
}
