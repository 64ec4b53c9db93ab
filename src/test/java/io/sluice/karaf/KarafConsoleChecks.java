package io.sluice.karaf;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What KarafFeatureIT asks of the console the bundle serves: Karaf's users log in (JAAS realm {@code karaf}), a user
 * without the role and a wrong password are refused, nothing but the login page answers without a session, and with
 * one the Sluice page and Sluice's MBeans (through the console's Jolokia) answer, but not to another site's page.
 */
final class KarafConsoleChecks {

    /** A Karaf user (etc/users.properties) with the admin role, the console's default sluice.console.role. */
    static final String ADMIN = "karaf";
    static final String ADMIN_PASSWORD = "karaf";
    /** A Karaf user with the viewer role only. */
    static final String VIEWER = "watcher";
    static final String VIEWER_PASSWORD = "watcher-it-password";

    private KarafConsoleChecks() {
    }

    /** The lines the IT appends to Karaf's etc/users.properties (the admin ones are commented out there). */
    static String users() {
        return "\n" + ADMIN + " = " + ADMIN_PASSWORD + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n"
                + VIEWER + " = " + VIEWER_PASSWORD + ",viewer\n";
    }

    /** Without a session: the login page answers, pages send to it, Jolokia answers 401; bad logins are refused. */
    static void refusesWithoutLogin(String base) throws Exception {
        KarafConsoleClient anonymous = new KarafConsoleClient(base);
        HttpResponse<String> loginPage = anonymous.get("/login");
        assertThat(loginPage.statusCode()).as("GET /hawtio/login").isEqualTo(200);
        assertThat(loginPage.body()).containsIgnoringCase("<html");
        HttpResponse<String> page = anonymous.get("/sluice");
        assertThat(page.statusCode()).as("GET /hawtio/sluice without a session").isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login"));
        assertThat(anonymous.jolokia(read("java.lang:type=Runtime", "Name")).statusCode())
                .as("Jolokia without a session").isEqualTo(401);
        assertThat(anonymous.get("/jolokia/version").statusCode()).as("GET Jolokia without a session").isEqualTo(401);

        assertThat(anonymous.login(ADMIN, "wrong-" + ADMIN_PASSWORD).statusCode()).as("wrong password").isIn(401, 403);
        assertThat(anonymous.login("nobody", ADMIN_PASSWORD).statusCode()).as("unknown user").isIn(401, 403);
        assertThat(anonymous.login(VIEWER, VIEWER_PASSWORD).statusCode())
                .as("a Karaf user without the console's role (admin)").isIn(401, 403);
        assertThat(anonymous.jolokia(read("java.lang:type=Runtime", "Name")).statusCode())
                .as("Jolokia after refused logins").isEqualTo(401);
        assertThat(anonymous.getAs("/jolokia/version", ADMIN, "wrong").statusCode()).as("Basic, wrong password")
                .isIn(401, 403);
        assertThat(anonymous.getAs("/jolokia/version", VIEWER, VIEWER_PASSWORD).statusCode())
                .as("Basic, a user without the role").isIn(401, 403);
        HttpResponse<String> basic = new KarafConsoleClient(base).getAs("/jolokia/version", ADMIN, ADMIN_PASSWORD);
        assertThat(basic.statusCode()).as("Jolokia with Basic credentials of Karaf's user").isEqualTo(200);
        assertThat(basic.body()).contains("\"agent\"");
    }

    /** Logs in as Karaf's admin user; the session's client. */
    static KarafConsoleClient loggedIn(String base) throws Exception {
        KarafConsoleClient browser = new KarafConsoleClient(base);
        HttpResponse<String> login = browser.login(ADMIN, ADMIN_PASSWORD);
        assertThat(login.statusCode()).as("login as Karaf's user " + ADMIN + ": " + login.body()).isEqualTo(200);
        assertThat(login.body()).as("the subject Karaf's realm made")
                .contains("org.apache.karaf.jaas.boot.principal.RolePrincipal").contains("\"admin\"");
        return browser;
    }

    /**
     * With the session: the Sluice page (the console's HTML), a Sluice MBean read and the page's operations
     * ({@code sluice:type=Console}) through the console's Jolokia.
     */
    static void servesSluice(KarafConsoleClient browser) throws Exception {
        HttpResponse<String> page = browser.get("/sluice");
        assertThat(page.statusCode()).as("GET /hawtio/sluice logged in").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("text/html"));
        assertThat(page.body()).containsIgnoringCase("<html").containsIgnoringCase("hawtio");

        HttpResponse<String> search = browser.jolokia("{\"type\":\"search\",\"mbean\":\"sluice:*\"}");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).as("Jolokia search sluice:*").contains("\"status\":200")
                .contains("type=Sender"); // Jolokia answers canonical names (keys sorted)
        HttpResponse<String> sender = browser.jolokia(read("sluice:type=Sender,name=global", null));
        assertThat(sender.statusCode()).isEqualTo(200);
        assertThat(sender.body()).as("Jolokia read of sluice:type=Sender,name=global").contains("\"status\":200")
                .contains("\"value\":{");
        // the Sluice page's own calls: operations of sluice:type=Console, as the page POSTs them
        HttpResponse<String> sites = browser.jolokia("{\"type\":\"exec\",\"mbean\":\"sluice:type=Console\","
                + "\"operation\":\"destinations\",\"arguments\":[\"\",\"site\",false,0,20]}");
        assertThat(sites.statusCode()).isEqualTo(200);
        assertThat(sites.body()).as("Jolokia exec sluice:type=Console destinations").contains("\"status\":200")
                .contains("\"total\":").contains("\"rows\":[");
        // Jolokia's CSRF protection: the same session, from another site's page
        HttpResponse<String> forged = browser.jolokiaFrom("http://evil.example", "{\"type\":\"exec\","
                + "\"mbean\":\"sluice:type=Console\",\"operation\":\"sender\"}");
        assertThat(forged.body()).as("Jolokia exec with the session from another origin")
                .doesNotContain("\"status\":200").contains("\"status\":403");
        HttpResponse<String> state = browser.jolokia("{\"type\":\"exec\",\"mbean\":\"sluice:type=Console\","
                + "\"operation\":\"sender\"}");
        assertThat(state.body()).as("Jolokia exec sluice:type=Console sender").contains("\"status\":200")
                .contains("\"state\":");
    }

    /**
     * Hawtio lists the Sluice page's plugin (hawtio:type=plugin,name=sluice), no login needed (the page's data comes
     * through Jolokia); its remoteEntry.js answers as JavaScript, unless the build skipped the page
     * ({@code -Dsluice.console.plugin.skip=true}).
     *
     * @return what was checked, for the IT's log
     */
    static String servesThePlugin(String base, boolean bundleHasPluginFiles) throws Exception {
        KarafConsoleClient anonymous = new KarafConsoleClient(base);
        HttpResponse<String> plugins = anonymous.get("/plugin/");
        assertThat(plugins.statusCode()).as("GET /hawtio/plugin/").isEqualTo(200);
        assertThat(plugins.body()).as("Hawtio's plugin listing").contains("\"scope\":\"sluice\"")
                .contains("\"url\":\"/hawtio/static/sluice\"").contains("\"module\":\"./plugin\"");
        HttpResponse<String> entry = anonymous.get("/static/sluice/remoteEntry.js");
        if (!bundleHasPluginFiles) {
            // built with -Dsluice.console.plugin.skip=true: the servlet answers, with nothing
            assertThat(entry.statusCode()).as("remoteEntry.js of a bundle without the page's build").isEqualTo(404);
            return "plugin listed; no remoteEntry.js (built with -Dsluice.console.plugin.skip=true): 404";
        }
        assertThat(entry.statusCode()).as("GET /hawtio/static/sluice/remoteEntry.js").isEqualTo(200);
        assertThat(entry.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(entry.body()).as("a webpack module federation entry").contains("sluice");
        return "plugin listed, remoteEntry.js served (" + entry.body().length() + " chars)";
    }

    private static String read(String mbean, String attribute) {
        return "{\"type\":\"read\",\"mbean\":\"" + mbean + "\""
                + (attribute == null ? "" : ",\"attribute\":\"" + attribute + "\"") + "}";
    }
}
