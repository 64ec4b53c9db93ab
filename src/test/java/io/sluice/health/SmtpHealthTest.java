package io.sluice.health;

import io.sluice.domains.DomainPolicies;
import io.sluice.metrics.MetricsEndpoint;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.TestClock;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code smtp-transports} check against real SMTP servers (SubEthaSMTP, loopback) through the HTTP health
 * endpoint: per-transport details, readiness kept while one transport is down, lost when none answers.
 */
class SmtpHealthTest {

    private static final String SECRET = "s3cr3t-smtp-marker";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldStayReadyWhileOneTransportIsDownAndTurnNotReadyWhenNoneAnswers() throws Exception {
        SmtpSimulator relay = SmtpSimulator.builder().build().start();
        SmtpSimulator peer = SmtpSimulator.builder().build().start();
        // c.test names peer's transport with user info: it must never be served (transports carry no credentials)
        String domains = "defaults:\n  transport: \"smtp://127.0.0.1:" + relay.port() + "\"\n"
                + "domains:\n"
                + "  b.test:\n    transport: \"smtp://127.0.0.1:" + peer.port() + "\"\n"
                + "  c.test:\n    transport: \"smtp://relayuser:" + SECRET + "@127.0.0.1:" + peer.port() + "\"\n";
        try (relay; peer;
             TestDatabase db = TestDatabase.open("postgresql");
             SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                     .property("sluice.metrics.enabled", "true")
                     .property("sluice.metrics.port", "0")
                     .property("sluice.health.timeout", "2s")
                     .property("sluice.health.smtp.interval", "0s")
                     .start()) {
            String base = app.context().getRegistry().lookupByNameAndType("sluiceMetrics", MetricsEndpoint.class).url();
            String relayAt = "127.0.0.1:" + relay.port();
            String peerAt = "127.0.0.1:" + peer.port();

            // both answer: ready, each transport UP with its domains
            HttpResponse<String> ready = get(base + "/health/ready");
            System.out.println("[smtp-health] both up: " + ready.body().strip());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("{\"id\":\"smtp-transports\",\"group\":\"sluice\",\"state\":\"UP\","
                            + "\"readiness\":true,\"liveness\":false,\"message\":\"2 of 2 SMTP transports reachable\"")
                    .contains("\"address\":\"" + relayAt + "\",\"domains\":[\"*\"],\"state\":\"UP\",\"answer\":\"220 ")
                    .contains("\"address\":\"" + peerAt + "\",\"domains\":[\"b.test\",\"c.test\"],\"state\":\"UP\"")
                    .contains("\"transports.down\":0,\"transports.up\":2");
            assertThat(peer.counters().sessionsOpened()).as("probed with a real SMTP session").isGreaterThanOrEqualTo(1);

            // one peer down: still ready (flow control holds that domain's mail back), the details say which and why
            peer.close();
            HttpResponse<String> oneDown = get(base + "/health/ready");
            System.out.println("[smtp-health] peer stopped: " + oneDown.body().strip());
            assertThat(oneDown.statusCode()).as(oneDown.body()).isEqualTo(200);
            assertThat(oneDown.body()).contains("\"message\":\"1 of 2 SMTP transports reachable; down: " + peerAt
                            + " (ConnectException: Connection refused)\"")
                    .contains("\"address\":\"" + peerAt + "\",\"domains\":[\"b.test\",\"c.test\"],\"state\":\"DOWN\"")
                    .contains("\"lastError\":\"ConnectException: Connection refused\"")
                    .contains("\"address\":\"" + relayAt + "\",\"domains\":[\"*\"],\"state\":\"UP\"");

            // the last one answers 421 at greeting: nothing can be delivered, not ready; alive all the same
            relay.refuseConnectionsWith("421 4.3.2 Service not available");
            HttpResponse<String> refused = get(base + "/health/ready");
            System.out.println("[smtp-health] relay greets 421: " + refused.body().strip());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).startsWith("{\"status\":\"DOWN\"")
                    .contains("{\"id\":\"smtp-transports\",\"group\":\"sluice\",\"state\":\"DOWN\"")
                    .contains("\"lastError\":\"IOException: greeting 421 4.3.2 Service not available\"")
                    .contains("{\"id\":\"database\",\"group\":\"sluice\",\"state\":\"UP\"");
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);

            // it greets again: ready again, and its last error is kept in the details
            relay.acceptConnections();
            HttpResponse<String> back = get(base + "/health/ready");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(back.body()).contains("\"address\":\"" + relayAt + "\",\"domains\":[\"*\"],\"state\":\"UP\"")
                    .contains("\"lastError\":\"IOException: greeting 421 4.3.2 Service not available\"");

            // stopped: down
            relay.close();
            HttpResponse<String> allDown = get(base + "/health/ready");
            System.out.println("[smtp-health] all stopped: " + allDown.body().strip());
            assertThat(allDown.statusCode()).as(allDown.body()).isEqualTo(503);
            assertThat(allDown.body()).contains("\"message\":\"no SMTP transport reachable: " + relayAt
                    + " (ConnectException: Connection refused), " + peerAt + " (ConnectException: Connection refused)\"");
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);

            for (String body : new String[] {ready.body(), oneDown.body(), refused.body(), allDown.body(),
                    get(base + "/health").body()}) {
                assertThat(body).doesNotContain(SECRET).doesNotContain("relayuser");
            }
        }
    }

    @Test
    void shouldProbeATransportAtMostOncePerInterval() throws Exception {
        TestClock clock = TestClock.at();
        try (SmtpSimulator relay = SmtpSimulator.builder().build().start()) {
            DomainPolicies policies = DomainPolicies.of(Map.of("defaults",
                    Map.of("transport", "smtp://127.0.0.1:" + relay.port())));
            SmtpTransportsHealthCheck check = new SmtpTransportsHealthCheck(policies.transports(), "sluice.test",
                    Duration.ofSeconds(2), Duration.ofSeconds(30), clock);

            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.counters().currentSessions() == 0);
            clock.advanceSeconds(29);
            relay.refuseConnectionsWith("421 4.3.2 Service not available");
            assertThat(check.call().getState()).as("within the interval: the cached result").isEqualTo(HealthCheck.State.UP);
            assertThat(relay.counters().sessionsOpened() + relay.counters().sessionsRefused()).isEqualTo(1);

            clock.advanceSeconds(1);
            HealthCheck.Result r = check.call();
            assertThat(r.getState()).as("interval over: probed again").isEqualTo(HealthCheck.State.DOWN);
            assertThat(r.getMessage().orElse("")).contains("greeting 421 4.3.2 Service not available");
            assertThat(check.isReadiness()).isTrue();
            assertThat(check.isLiveness()).isFalse();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
