package io.sluice.console;

import io.sluice.testsupport.EmbeddedTestDatabase;
import io.sluice.testsupport.SluiceApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console starts with the app, serves Hawtio, and refuses Jolokia without the configured credentials. */
class ConsoleTest {

    static final String USER = "operator";
    static final String PASSWORD = "console-test-secret";

    static EmbeddedTestDatabase db;
    static SluiceApp app;
    static ConsoleClient client;

    @BeforeAll
    static void start() throws Exception {
        db = new EmbeddedTestDatabase();
        app = SluiceApp.builder().database(db.url(), db.user())
                .property("sluice.console.enabled", "true")
                .property("sluice.console.port", String.valueOf(freePort()))
                .property("sluice.console.user", USER)
                .property("sluice.console.password", PASSWORD)
                .property("sluice.console.allowed-origins", "http://localhost:9000") // an SSH tunnel's
                .start();
        HawtioConsole console = app.context().getRegistry().lookupByNameAndType("sluiceConsole", HawtioConsole.class);
        client = new ConsoleClient(console.url());
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

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void shouldSendAnUnauthenticatedBrowserToTheLoginPage() throws Exception {
        HttpResponse<String> index = client.get("/", null);
        assertThat(index.statusCode()).isEqualTo(302);
        assertThat(index.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        HttpResponse<String> login = client.get("/login", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).containsIgnoringCase("hawtio");
    }

    @Test
    void shouldRefuseJolokiaWithoutCredentials() throws Exception {
        HttpResponse<String> r = client.get("/jolokia/version", null);
        assertThat(r.statusCode()).isIn(401, 403);
        assertThat(r.body()).doesNotContain("\"agent\"");
        HttpResponse<String> read = client.post("/jolokia/",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Name\"}", null);
        assertThat(read.statusCode()).isIn(401, 403);
    }

    @Test
    void shouldRefuseAWrongPassword() throws Exception {
        assertThat(client.get("/jolokia/version", ConsoleClient.basic(USER, "wrong")).statusCode()).isIn(401, 403);
        assertThat(client.get("/jolokia/version", ConsoleClient.basic("admin", PASSWORD)).statusCode()).isIn(401, 403);
        HttpResponse<String> login = client.post("/auth/login",
                "{\"username\":\"" + USER + "\",\"password\":\"wrong\"}", null);
        assertThat(login.statusCode()).isIn(401, 403);
    }

    @Test
    void shouldAnswerJolokiaWithTheConfiguredCredentials() throws Exception {
        HttpResponse<String> r = client.get("/jolokia/version", ConsoleClient.basic(USER, PASSWORD));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"agent\"").contains("\"status\":200");
        HttpResponse<String> login = client.post("/auth/login",
                "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAnOperationFromAnotherSitesPage() throws Exception {
        String exec = "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}";
        HttpResponse<String> forged = client.post("/jolokia/", exec, ConsoleClient.basic(USER, PASSWORD),
                "http://attacker.example");
        assertThat(forged.body()).doesNotContain("\"status\":200");
        HttpResponse<String> otherPort = client.post("/jolokia/", exec, ConsoleClient.basic(USER, PASSWORD),
                "http://127.0.0.1:" + client.port() + "1");
        assertThat(otherPort.body()).as("another local service's page").doesNotContain("\"status\":200");
        HttpResponse<String> tunnel = client.post("/jolokia/", exec, ConsoleClient.basic(USER, PASSWORD),
                "http://localhost:9000");
        assertThat(tunnel.body()).as("an origin of sluice.console.allowed-origins").contains("\"status\":200");
        HttpResponse<String> none = client.post("/jolokia/", exec, ConsoleClient.basic(USER, PASSWORD), null);
        assertThat(none.body()).doesNotContain("\"status\":200");
        HttpResponse<String> own = client.post("/jolokia/", exec, ConsoleClient.basic(USER, PASSWORD),
                "http://127.0.0.1:" + client.port());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("\"status\":200");
    }

    @Test
    void shouldKeepTheSessionCookieToTheConsolesOwnPages() throws Exception {
        HttpResponse<String> login = client.post("/auth/login",
                "{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith("JSESSIONID=").containsIgnoringCase("SameSite=Strict"));
    }

    @Test
    void shouldListTheSluicePluginWithoutLogin() throws Exception {
        HttpResponse<String> plugins = client.get("/plugin/", null);
        assertThat(plugins.statusCode()).isEqualTo(200);
        assertThat(plugins.body()).contains("\"scope\":\"sluice\"").contains("\"url\":\"/hawtio/static/sluice\"")
                .contains("\"module\":\"./plugin\"");
    }

    @Test
    void shouldServeOnlyThePluginsOwnFiles() throws Exception {
        assertThat(client.get("/static/sluice/no-such-file.js", null).statusCode()).isEqualTo(404);
        assertThat(client.get("/static/sluice/..%2Fconsole%2Fhawtio.war", null).statusCode()).isIn(400, 404);
        assertThat(client.get("/static/sluice/sub/remoteEntry.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseToStartWithAnEmptyPassword() {
        assertThatThrownBy(() -> SluiceApp.builder().database(db.url(), db.user())
                .property("sluice.console.enabled", "true")
                .property("sluice.console.port", String.valueOf(freePort()))
                .property("sluice.console.password", "")
                .start())
                .hasStackTraceContaining("SLUICE_CONSOLE_PASSWORD")
                .hasStackTraceContaining("SLUICE_CONSOLE_ENABLED=false");
    }
}
