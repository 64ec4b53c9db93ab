package io.sluice.pipeline;

import io.sluice.dns.LoopbackDnsServer;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.monitor.FlowControlMBeans;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MX routing end to end: the real app and routes, a real DNS server on loopback (wire protocol, dnsjava zone) and
 * a real SMTP server standing in for every MX host (sluice.smtp.mx-port points at it). Covers the outcome of each
 * DNS answer in the broadlog and the rollup of two domains with the same MX set into one flow-control site.
 */
class MxRoutingTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    static final String ZONE = String.join("\n",
            "$TTL 300",
            "@          IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
            "@          IN NS  ns.test.",
            "ns         IN A   127.0.0.1",
            "shop-a     IN MX  10 mx1.hoster.test.",
            "shop-a     IN MX  20 mx2.hoster.test.",
            "shop-b     IN MX  10 mx2.hoster.test.",
            "shop-b     IN MX  10 mx1.hoster.test.",
            "mx1.hoster IN A   127.0.0.1",
            "mx2.hoster IN A   127.0.0.1",
            "plain      IN A   127.0.0.1",
            "nomail     IN MX  0 .",
            "relayed    IN MX  10 mx1.hoster.test.",
            // failover: the preferred host refuses connections, the next greets with 421, the last one accepts
            "failover   IN MX  10 mx-down.test.",
            "failover   IN MX  20 mx-busy.test.",
            "failover   IN MX  30 mx-up.test.",
            "dead       IN MX  10 mx-down.test.",
            "mx-down    IN A   127.0.0.2",
            "mx-busy    IN A   127.0.0.3",
            "mx-up      IN A   127.0.0.1",
            "");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "embedded"})
    void shouldRouteByMxRecordFailInvalidDomainsAndRollUpSharedMxIntoOneSite(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.open(kind);
             LoopbackDnsServer dns = new LoopbackDnsServer("test.", ZONE);
             SmtpSimulator mx = SmtpSimulator.builder().build().start();
             SmtpSimulator relay = SmtpSimulator.builder().build().start()) {
            dns.serveFailFor("broken.test");
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(3, 3600).create();
            long a1 = campaign.pending(delivery, "ann@shop-a.test");
            long a2 = campaign.pending(delivery, "al@shop-a.test");
            long b1 = campaign.pending(delivery, "bob@shop-b.test");
            long plain = campaign.pending(delivery, "pat@plain.test");
            long gone = campaign.pending(delivery, "gus@gone.test");
            long nomail = campaign.pending(delivery, "nat@nomail.test");
            long broken = campaign.pending(delivery, "bea@broken.test");
            long relayed = campaign.pending(delivery, "rel@relayed.test");

            String domains = String.join("\n",
                    "defaults:",
                    "  transport: mx",
                    "domains:",
                    "  relayed.test:",
                    "    transport: \"smtp://127.0.0.1:" + relay.port() + "\"",
                    "");
            FlowControlRegistry flows;
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.dns.servers", dns.hostPort())
                    .property("sluice.smtp.mx-port", String.valueOf(mx.port()))
                    .start()) {
                await().atMost(WAIT).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
                flows = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
                assertThat(flows.find("mx1.hoster.test,mx2.hoster.test")).as("one flow for the shared MX set").isPresent();
                assertThat(flows.find("shop-a.test")).as("no per-domain flow for a rolled-up domain").isEmpty();
                assertThat(flows.find("shop-b.test")).isEmpty();
                assertThat(flows.find("plain.test")).as("A fallback: the site is the host itself").isPresent();
                assertThat(flows.find("relayed.test")).as("transport override keeps the domain as its key").isPresent();
            }

            for (long sent : new long[] {a1, a2, b1, plain, relayed}) {
                assertThat(campaign.row(sent).status()).as("broadlog %d sent", sent).isEqualTo(1);
            }
            assertThat(mx.receivedMessages()).extracting(m -> m.recipients().get(0))
                    .containsExactlyInAnyOrder("ann@shop-a.test", "al@shop-a.test", "bob@shop-b.test", "pat@plain.test");
            assertThat(relay.receivedMessages()).extracting(m -> m.recipients().get(0)).containsExactly("rel@relayed.test");
            assertThat(dns.queries("MX", "relayed.test")).as("no MX lookup for a transport override").isZero();

            for (long invalid : new long[] {gone, nomail}) {
                Campaign.Row row = campaign.row(invalid);
                assertThat(row.status()).as("NXDOMAIN / null MX: Failed").isEqualTo(2);
                assertThat(row.failureType()).as("hard").isEqualTo(2);
                assertThat(row.failureReason()).as("Invalid domain").isEqualTo(2);
            }
            assertThat(campaign.row(gone).msgText()).contains("NXDOMAIN");
            assertThat(campaign.row(nomail).msgText()).contains("null MX");

            Campaign.Row servfail = campaign.row(broken);
            assertThat(servfail.status()).as("SERVFAIL: Pending, retried").isEqualTo(6);
            assertThat(servfail.failureType()).as("soft").isEqualTo(1);
            assertThat(servfail.failureReason()).as("Unreachable").isEqualTo(3);
            assertThat(servfail.retry()).isEqualTo(1);
            assertThat(servfail.msgText()).contains("SERVFAIL");
        }
    }

    @Test
    void shouldTryTheNextMxHostAtOnceWhenAHostCannotBeConnectedTo() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql");
             LoopbackDnsServer dns = new LoopbackDnsServer("test.", ZONE);
             SmtpSimulator up = SmtpSimulator.builder().build().start();
             SmtpSimulator busy = SmtpSimulator.builder().address("127.0.0.3").port(up.port())
                     .refuseConnectionsWith("421 4.3.2 Service busy, closing transmission channel").build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(3, 3600).create();
            List<Long> failover = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                failover.add(campaign.pending(delivery, "user" + i + "@failover.test"));
            }
            long dead = campaign.pending(delivery, "dan@dead.test");

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains("defaults:\n  transport: mx\n")
                    .property("sluice.dns.servers", dns.hostPort())
                    .property("sluice.smtp.mx-port", String.valueOf(up.port()))
                    .start()) {
                await().atMost(WAIT).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
                String[] skipped = (String[]) ManagementFactory.getPlatformMBeanServer().getAttribute(
                        FlowControlMBeans.senderName(app.context().getName()), "SkippedMxHosts");
                assertThat(skipped).as("operators see the hosts skipped for now (JMX, Hawtio)").hasSize(2);
                assertThat(skipped[0]).startsWith("127.0.0.2:" + up.port() + " until ");
                assertThat(skipped[1]).startsWith("127.0.0.3:" + up.port() + " until ");
            }

            for (long id : failover) {
                Campaign.Row row = campaign.row(id);
                assertThat(row.status()).as("broadlog %d sent on its first attempt, past two broken MX hosts", id)
                        .isEqualTo(1);
                assertThat(row.retry()).isZero();
            }
            assertThat(up.receivedMessages()).hasSize(20);
            assertThat(busy.counters().sessionsRefused()).as("the 421 host was tried, then skipped by later messages")
                    .isBetween(1L, 19L);

            Campaign.Row deadRow = campaign.row(dead);
            assertThat(deadRow.status()).as("its only MX host refuses: Pending, retried").isEqualTo(6);
            assertThat(deadRow.failureType()).as("soft").isEqualTo(1);
            assertThat(deadRow.failureReason()).as("Unreachable").isEqualTo(3);
            assertThat(deadRow.retry()).isEqualTo(1);
        }
    }

    @Test
    void shouldSendToAHeldBackSiteOverFewerConnections() throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql");
             LoopbackDnsServer dns = new LoopbackDnsServer("test.", ZONE);
             // 50 ms per recipient: 200 msg/s needs ~10 sessions at once, so the connection limit is what shows
             SmtpSimulator mx = SmtpSimulator.builder().captureCapacity(0)
                     .defaultBehaviour(DomainBehaviour.slow(Duration.ofMillis(50))).build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long normal = campaign.delivery().retries(3, 3600).create();
            addRecipients(campaign, normal, "normal", 120);
            long held = campaign.delivery().retries(3, 3600).state(0).create(); // being edited: not sent yet
            addRecipients(campaign, held, "held", 60);
            String domains = String.join("\n",
                    "defaults:",
                    "  transport: mx",
                    "  maxConnections: 4",
                    "  backoffMaxConnections: 1",
                    "  flow: {initialRate: 200, maxRate: 400}",
                    "");
            String site = "mx1.hoster.test,mx2.hoster.test";
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.dns.servers", dns.hostPort())
                    .property("sluice.smtp.mx-port", String.valueOf(mx.port()))
                    .start()) {
                FlowControlRegistry flows = app.context().getRegistry()
                        .lookupByNameAndType("flowControl", FlowControlRegistry.class);

                awaitSent(campaign, "normal", 120);
                assertThat(mx.counters().maxConcurrentSessions()).as("NORMAL: maxConnections").isEqualTo(4);
                javax.management.ObjectName mbean = io.sluice.monitor.FlowControlMBeans.domainName(app.context().getName(), site);
                javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                await().atMost(WAIT).until(() -> jmx.isRegistered(mbean)); // registered at the end of a window
                assertThat((String) jmx.getAttribute(mbean, "SmtpConnections")).as("JMX, NORMAL")
                        .contains(":" + mx.port() + " ").contains("open, at most 4")
                        .doesNotContain("held back");

                // an operator cap keeps the rate (BACKOFF at 200 msg/s): only the connection limit changes
                flows.flow(site).setRate(200, Duration.ofMinutes(10), "test");
                await().atMost(WAIT).until(() -> mx.counters().currentSessions() == 0); // idle ones reaped
                mx.counters().reset();
                campaign.execute("UPDATE NmsDelivery SET iState = 55 WHERE iDeliveryId = " + held);
                awaitSent(campaign, "held", 60);
                assertThat(mx.counters().maxConcurrentSessions()).as("BACKOFF: backoffMaxConnections").isEqualTo(1);
                assertThat((String) jmx.getAttribute(mbean, "SmtpConnections")).as("JMX, BACKOFF")
                        .contains("open, at most 1 of 4 while held back");
            }
        }
    }

    /** Recipients split over shop-a.test and shop-b.test: one site (the same MX set). */
    private static void addRecipients(Campaign campaign, long delivery, String tag, int n) throws Exception {
        List<String> to = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            to.add(tag + i + (i % 2 == 0 ? "@shop-a.test" : "@shop-b.test"));
        }
        campaign.pendingMany(delivery, to);
    }

    private static void awaitSent(Campaign campaign, String tag, int n) {
        await().atMost(WAIT).until(() -> campaign.count(
                "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND sAddress LIKE '" + tag + "%'") == n);
    }
}
