package io.sluice.health;

import io.sluice.metrics.MetricsEndpoint;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness follows the database: DOWN while it refuses connections, UP again when it takes them. */
class HealthEndpointTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldReportNotReadyWhileTheDatabaseIsUnreachable() throws Exception {
        // a relay that answers: with no SMTP transport reachable readiness would be DOWN for that reason (SmtpHealthTest)
        try (SmtpSimulator relay = SmtpSimulator.builder().build().start();
             TestDatabase db = TestDatabase.open("postgresql");
             SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                     .domains(SluiceApp.relayTo(relay.port(), java.util.Map.of()))
                     .property("sluice.metrics.enabled", "true")
                     .property("sluice.metrics.port", "0")
                     .property("sluice.health.timeout", "2s")
                     .start()) {
            String base = app.context().getRegistry().lookupByNameAndType("sluiceMetrics", MetricsEndpoint.class).url();
            String dbName = db.url().substring(db.url().lastIndexOf('/') + 1);

            HttpResponse<String> ready = get(base + "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).startsWith("{\"status\":\"UP\"")
                    .contains("{\"id\":\"broker\",\"group\":\"sluice\",\"state\":\"UP\"")
                    .contains("{\"id\":\"database\",\"group\":\"sluice\",\"state\":\"UP\"");
            assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(base + "/health").body()).contains("\"database\"");

            try {
                admin("ALTER DATABASE " + dbName + " WITH ALLOW_CONNECTIONS false",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + dbName + "'");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> r = get(base + "/health/ready");
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.body()).startsWith("{\"status\":\"DOWN\"")
                            .contains("{\"id\":\"database\",\"group\":\"sluice\",\"state\":\"DOWN\"");
                });
                // alive all the same: nothing to gain from restarting the process
                assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
            } finally {
                admin("ALTER DATABASE " + dbName + " WITH ALLOW_CONNECTIONS true");
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200));
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void admin(String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
