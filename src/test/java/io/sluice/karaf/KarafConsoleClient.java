package io.sluice.karaf;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Sluice console the bundle serves, used as Hawtio's own page does: the login page POSTs
 * {@code {"username","password"}} to {@code /hawtio/auth/login} and every later request (pages, Jolokia) carries the
 * session cookie it got, and the page's {@code Origin} (Jolokia's CSRF check). One client = one browser: its cookie
 * jar holds that session.
 */
final class KarafConsoleClient {

    private final HttpClient http;
    private final String base;
    private final String origin;

    /** @param base e.g. {@code http://127.0.0.1:8183/hawtio} */
    KarafConsoleClient(String base) {
        this.base = base;
        this.origin = base.substring(0, base.indexOf('/', "http://".length()));
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The login page's request; 200 (and a session) when the realm accepts the user and it has the role. */
    HttpResponse<String> login(String user, String password) throws Exception {
        return post("/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with HTTP Basic credentials (scripts: curl -u), no session. */
    HttpResponse<String> getAs(String path, String user, String password) throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return http.send(request(path).header("Authorization", "Basic " + basic).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A Jolokia request in its JSON form, POSTed as the console's own Jolokia client does. */
    HttpResponse<String> jolokia(String json) throws Exception {
        return post("/jolokia/", json);
    }

    /** True once something answers HTTP on the console's port (any status). */
    boolean answers() {
        try {
            get("/login");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** A Jolokia request another site's page makes in the same browser: the session cookie, that site's Origin. */
    HttpResponse<String> jolokiaFrom(String otherOrigin, String json) throws Exception {
        return post("/jolokia/", json, otherOrigin);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, json, origin);
    }

    private HttpResponse<String> post(String path, String json, String from) throws Exception {
        return http.send(request(path, from).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return request(path, origin);
    }

    private HttpRequest.Builder request(String path, String from) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Origin", from);
    }
}
