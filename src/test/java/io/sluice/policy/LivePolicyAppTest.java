package io.sluice.policy;

import io.sluice.metrics.MetricsEndpoint;
import io.sluice.monitor.FlowControlMBeans;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real application with a domains file layered on the shipped one: a change to it is applied by the route
 * policy-reload within a few intervals (mail goes to the new relay), a bad version keeps the old policy and shows in
 * JMX and the health check (still UP), and JMX reloadPolicy applies a version at once.
 */
class LivePolicyAppTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldApplyAChangedDomainsFileAndKeepTheOldPolicyOnABadOne() throws Exception {
        Path layered = Files.createTempFile("sluice-live-policy", ".yaml");
        try (TestDatabase db = TestDatabase.open("embedded");
             SmtpSimulator first = SmtpSimulator.builder().build().start();
             SmtpSimulator second = SmtpSimulator.builder().build().start()) {
            Files.writeString(layered, SluiceApp.relayTo(first.port(), Map.of()));
            Campaign campaign = new Campaign(db.dataSource());
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .property("sluice.domains.files", "domains.yaml," + layered)
                    .property("sluice.domains.reload-interval", "300ms")
                    .property("sluice.metrics.enabled", "true")
                    .property("sluice.metrics.port", "0")
                    .start()) {
                ObjectName sender = FlowControlMBeans.senderName(app.context().getName());
                String started = (String) jmx.getAttribute(sender, "PolicyHash");
                assertThat(started).hasSize(12);
                assertThat(jmx.getAttribute(sender, "PolicyLastError")).isEqualTo("");
                assertThat(app.context().getRouteController().getRouteStatus("policy-reload").isStarted()).isTrue();

                // a good change: every domain to the second relay, found by the route
                Files.writeString(layered, SluiceApp.relayTo(second.port(), Map.of()));
                long written = System.nanoTime();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                        .until(() -> !started.equals(jmx.getAttribute(sender, "PolicyHash")));
                // a figure for the docs, not an assertion: two reads that agree, at sluice.domains.reload-interval
                System.out.printf("LivePolicyAppTest: applied %d ms after the write (interval 300 ms)%n",
                        (System.nanoTime() - written) / 1_000_000);
                campaign.pending(campaign.delivery().retries(3, 3600).create(), "ann@moved.test");
                await().atMost(WAIT).until(() -> campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == 1);
                assertThat(second.receivedMessages()).hasSize(1);
                assertThat(first.receivedMessages()).isEmpty();

                // a bad change: the old policy stays, the error shows in JMX and in the health check (still UP)
                String good = (String) jmx.getAttribute(sender, "PolicyHash");
                Files.writeString(layered, SluiceApp.relayTo(first.port(), Map.of())
                        .replace("  {}\n", "  bad.test:\n    flow:\n      maxRate: -3\n"));
                await().atMost(WAIT).until(() -> !"".equals(jmx.getAttribute(sender, "PolicyLastError")));
                assertThat((String) jmx.getAttribute(sender, "PolicyLastError"))
                        .contains("domains.bad.test.flow.maxRate").contains(layered.toString());
                assertThat(jmx.getAttribute(sender, "PolicyHash")).isEqualTo(good);
                String base = app.context().getRegistry().lookupByNameAndType("sluiceMetrics", MetricsEndpoint.class).url();
                HttpResponse<String> ready = get(base + "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("{\"id\":\"policy\",\"group\":\"sluice\",\"state\":\"UP\"")
                        .contains("\"policy.lastError\":").contains("domains.bad.test.flow.maxRate");

                // the operator fixes it and applies it at once over JMX (the route stopped, so only JMX reads)
                app.context().getRouteController().stopRoute("policy-reload");
                Files.writeString(layered, SluiceApp.relayTo(first.port(), Map.of()));
                String result = (String) jmx.invoke(sender, "reloadPolicy", new Object[0], new String[0]);
                assertThat(result).startsWith("applied policy ").contains("defaults.transport");
                assertThat(jmx.getAttribute(sender, "PolicyLastError")).isEqualTo("");
                assertThat((String) jmx.invoke(sender, "reloadPolicy", new Object[0], new String[0]))
                        .startsWith("unchanged");
                campaign.pending(campaign.delivery().retries(3, 3600).create(), "bob@moved.test");
                await().atMost(WAIT).until(() -> campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") == 2);
                assertThat(first.receivedMessages()).hasSize(1);
                assertThat(get(base + "/health/ready").body()).doesNotContain("policy.lastError");
            }
        } finally {
            Files.deleteIfExists(layered);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
