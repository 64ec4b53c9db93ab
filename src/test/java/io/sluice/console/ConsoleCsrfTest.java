package io.sluice.console;

import io.sluice.testsupport.EmbeddedTestDatabase;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jolokia's CSRF protection (JolokiaOriginPolicy): a logged-in browser's session cookie goes with a request another
 * site's page makes, so Jolokia refuses requests whose Origin (or Referer) is not the console's own, and requests
 * with neither (Jolokia's strict checking: scripts send the console's Origin).
 */
class ConsoleCsrfTest {

    static final String USER = "operator";
    static final String PASSWORD = "csrf-test-secret";
    static final String READ = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Name\"}";

    static EmbeddedTestDatabase db;
    static SluiceApp app;
    static String base;
    static String origin;
    static HttpClient browser;

    @BeforeAll
    static void start() throws Exception {
        db = new EmbeddedTestDatabase();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        app = SluiceApp.builder().database(db.url(), db.user())
                .property("sluice.console.enabled", "true")
                .property("sluice.console.port", String.valueOf(port))
                .property("sluice.console.user", USER)
                .property("sluice.console.password", PASSWORD)
                .start();
        base = app.context().getRegistry().lookupByNameAndType("sluiceConsole", HawtioConsole.class).url();
        origin = "http://127.0.0.1:" + port;
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = post("/auth/login", "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD
                + "\"}", origin);
        assertThat(login.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (db != null) {
            db.close();
        }
    }

    static HttpResponse<String> post(String path, String json, String fromOrigin) throws Exception {
        return send(path, json, fromOrigin == null ? null : "Origin", fromOrigin);
    }

    static HttpResponse<String> send(String path, String json, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (header != null) {
            b.header(header, value);
        }
        return browser.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeTheConsolesOwnPage() throws Exception {
        HttpResponse<String> own = post("/jolokia/", READ, origin);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"status\":200");
        assertThat(post("/jolokia/", READ, "http://localhost:" + URI.create(base).getPort()).body())
                .as("the same console reached as localhost").contains("\"status\":200");
        // Hawtio's pages send Referrer-Policy strict-origin: their GETs carry the origin as Referer
        assertThat(send("/jolokia/", READ, "Referer", origin + "/").body()).as("Referer of the console's page")
                .contains("\"status\":200");
    }

    @Test
    void shouldRefuseAnotherSitesRequestWithTheSession() throws Exception {
        assertThat(post("/jolokia/", READ, "http://evil.example").body()).as("Jolokia from another site's page")
                .doesNotContain("\"status\":200").contains("\"status\":403");
        assertThat(post("/jolokia/", READ, "http://127.0.0.1:1").body()).as("another origin on the same host")
                .doesNotContain("\"status\":200");
        assertThat(send("/jolokia/", READ, "Referer", "http://evil.example/page").body()).as("another site's Referer")
                .doesNotContain("\"status\":200");
        assertThat(post("/jolokia/", READ, null).body()).as("neither Origin nor Referer (strict checking)")
                .doesNotContain("\"status\":200");
    }
}
