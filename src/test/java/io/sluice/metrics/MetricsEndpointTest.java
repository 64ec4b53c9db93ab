package io.sluice.metrics;

import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.testsupport.EmbeddedTestDatabase;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** /metrics serves Camel route metrics and the flow-control gauges, tagged for the top-N domains plus "other". */
class MetricsEndpointTest {

    @Test
    void shouldServeFlowControlGaugesWithBoundedDomainTags() throws Exception {
        try (EmbeddedTestDatabase db = new EmbeddedTestDatabase();
             SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                     .property("sluice.metrics.enabled", "true")
                     .property("sluice.metrics.port", "0")
                     .property("sluice.metrics.top-domains", "2")
                     .start()) {
            FlowControlRegistry flow = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class);
            flow.flow("suspended.test").suspend(Duration.ofMinutes(10), "test");
            flow.flow("a.test");
            flow.flow("b.test");
            flow.flow("c.test");
            MetricsEndpoint endpoint = app.context().getRegistry().lookupByNameAndType("sluiceMetrics", MetricsEndpoint.class);

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(endpoint.url() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            String text = r.body();
            // the held-back domain first, then one more; the rest summed as "other"
            assertThat(text).containsPattern("sluice_domain_state\\{domain=\"suspended.test\",[^}]*} 3.0");
            assertThat(text).containsPattern("sluice_domain_held_back\\{domain=\"suspended.test\",[^}]*} 1.0");
            assertThat(text).containsPattern("sluice_domain_rate_messages_per_second\\{domain=\"suspended.test\",[^}]*} 0.0");
            assertThat(text).containsPattern("sluice_domain_parked_messages\\{domain=\"other\",[^}]*} 0.0");
            assertThat(text).containsPattern("sluice_domain_rate_messages_per_second\\{domain=\"other\",[^}]*} 20.0");
            assertThat(text.lines().filter(l -> l.startsWith("sluice_domain_state{"))).hasSize(3);
            assertThat(text).containsPattern("sluice_domains_known\\{[^}]*} 4.0");
            assertThat(text).containsPattern("sluice_domains_held_back\\{[^}]*} 1.0");
            assertThat(text).containsPattern("sluice_sender_problem\\{[^}]*} 0.0");
            // Camel's own route metrics
            assertThat(text).contains("routeId=\"claim-pending\"");
        }
    }
}
