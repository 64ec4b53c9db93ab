package io.sluice.reliability;

import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.sluice.reliability.CrashRecoveryTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenario 7 (security), the parts not already proven by the console tests: unauthenticated console and
 * Jolokia access is refused ({@code io.sluice.console.ConsoleTest}, {@code ConsoleJolokiaTest},
 * {@code ConsoleBrowserTest}) — here re-checked once on the standalone process, plus the loopback bind.
 * <ul>
 *   <li>secrets (database, console, broker and SMTP AUTH relay passwords, the VERP secret, passed as operators do: environment
 *       variables; a relay login with a wrong password for an exception path) never
 *       appear in the service's log output, its exception traces, or any MBean attribute (every attribute of
 *       every MBean read through Jolokia, including {@code sluice*}, {@code org.apache.camel} and
 *       {@code java.lang:type=Runtime});</li>
 *   <li>every SQL statement the routes run is a file in {@code config/sql} using only {@code :#named}
 *       parameters, and no JDBC call in the main Java sources builds SQL by concatenating non-constant values.</li>
 * </ul>
 */
class SecurityTest {

    static final String DB_SECRET = "Db-Secret-7f3a9c";
    static final String CONSOLE_SECRET = "Console-Secret-1b8e2d";
    static final String BROKER_SECRET = "Broker-Secret-4c6f0a";
    /** SMTP AUTH towards a relay: the right password, and a wrong one (a failed login is an exception path). */
    static final String RELAY_SECRET = "Relay-Secret-9d2e71";
    static final String WRONG_RELAY_SECRET = "Relay-Wrong-5a0c33";
    /** The VERP return path's HMAC secret: Camel Main's own list of sensitive names does not cover its key. */
    static final String VERP_SECRET = "Verp-Secret-2f7c90aa41d3e8b6c5d4e3";
    static final List<String> SECRETS = List.of(DB_SECRET, CONSOLE_SECRET, BROKER_SECRET, RELAY_SECRET, WRONG_RELAY_SECRET,
            VERP_SECRET);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void shouldNeverExposeSecretsInLogsExceptionsOrMBeansAndServeTheConsoleOnLoopbackOnly() throws Exception {
        int consolePort = freePort();
        int closed = freePort();
        List<String> relayed = new CopyOnWriteArrayList<>();
        SMTPServer relay = SMTPServer.port(freePort()).bindAddress(InetAddress.getLoopbackAddress())
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                    if (!RELAY_SECRET.equals(password)) {
                        throw new LoginFailedException();
                    }
                }))
                .requireAuth()
                .messageHandler((context, from, to, data) -> relayed.add(to))
                .build();
        relay.start();
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator sink = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().create();
            List<Long> rows = campaign.pendingMany(delivery, List.of("a@ok.test", "b@ok.test", "c@refused.test",
                    "d@relay.test", "e@badrelay.test"));
            String relayUri = "\"smtp://127.0.0.1:" + relay.getPortAllocated() + "\"";
            String overlay = "defaults:\n  transport: \"smtp://127.0.0.1:" + sink.port() + "\"\n"
                    + "domains:\n  refused.test:\n    transport: \"smtp://127.0.0.1:" + closed + "\"\n"
                    + "  relay.test:\n    transport: " + relayUri + "\n"
                    + "    auth: {user: apikey, password: \"{{sluice.relay.password}}\"}\n"
                    + "  badrelay.test:\n    transport: " + relayUri + "\n"
                    + "    auth: {user: apikey, password: \"{{sluice.relay.wrong-password}}\"}\n";
            Map<String, String> props = new HashMap<>();
            props.put("sluice.db.url", db.url());
            props.put("sluice.db.user", db.user());
            props.put("sluice.console.enabled", "true");
            props.put("sluice.console.port", String.valueOf(consolePort));
            try (SluiceProcess sluice = new SluiceProcess(overlay, props)) {
                // the machine's PostgreSQL trusts local connections, so any database password works: a marker
                sluice.env("SLUICE_DB_PASSWORD", DB_SECRET).env("SLUICE_CONSOLE_PASSWORD", CONSOLE_SECRET)
                        .env("SLUICE_BROKER_PASSWORD", BROKER_SECRET).env("SLUICE_RELAY_PASSWORD", RELAY_SECRET)
                        .env("SLUICE_RELAY_WRONG_PASSWORD", WRONG_RELAY_SECRET)
                        .env("SLUICE_BOUNCES_RETURN_PATH_DOMAIN", "bounce.example.test")
                        .env("SLUICE_BOUNCES_RETURN_PATH_SECRET", VERP_SECRET).start();
                assertThat(sluice.awaitStarted(Duration.ofSeconds(90))).as(sluice.log()).isTrue();
                waitFor(Duration.ofSeconds(60), () -> CrashRecoveryTest.count(campaign,
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
                String base = "http://127.0.0.1:" + consolePort + "/hawtio";
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                waitFor(Duration.ofSeconds(30), () -> status(http, base + "/jolokia/version", null) > 0);

                int anonymous = status(http, base + "/jolokia/version", null);
                int wrong = status(http, base + "/jolokia/version", basic("admin", "wrong"));
                assertThat(anonymous).as("Jolokia without credentials").isIn(401, 403);
                assertThat(wrong).as("Jolokia with a wrong password").isIn(401, 403);

                // every MBean's attributes: search, then one bulk request of a read per MBean (a few attribute types
                // cannot be serialised; ignoreErrors keeps the others of the same MBean)
                String names = jolokia(http, base, "{\"type\":\"search\",\"mbean\":\"*:*\"}");
                Matcher nm = Pattern.compile("\"((?:\\\\.|[^\"\\\\])+?:(?:\\\\.|[^\"\\\\])+?)\"").matcher(
                        names.substring(names.indexOf("\"value\"")));
                List<String> reads = new ArrayList<>();
                while (nm.find()) {
                    reads.add("{\"type\":\"read\",\"mbean\":\"" + nm.group(1) + "\",\"config\":{\"ignoreErrors\":true,\"maxDepth\":6}}");
                }
                int mbeanCount = reads.size();
                StringBuilder dump = new StringBuilder();
                int unreadable = 0;
                for (String read : reads) {
                    // one request each: a value Jolokia cannot serialise fails its whole response
                    String body = jolokia(http, base, read);
                    if (body.contains("\"error_type\"")) {
                        unreadable++;
                    }
                    dump.append(body).append('\n');
                }
                String mbeans = dump.toString();
                assertThat(mbeans).as("Sluice and Camel MBeans were read: " + mbeans.substring(0, Math.min(800, mbeans.length()))).contains("sluice").contains("org.apache.camel");

                Optional<InetAddress> external = nonLoopbackAddress();
                String bindCheck;
                if (external.isPresent()) {
                    boolean reachable = connects(new InetSocketAddress(external.get(), consolePort));
                    bindCheck = external.get().getHostAddress() + ":" + consolePort + (reachable ? " REACHABLE" : " refused");
                    assertThat(reachable).as("console must listen on loopback only").isFalse();
                } else {
                    bindCheck = "no non-loopback address on this machine: not checked";
                }
                sluice.stop(Duration.ofSeconds(30));

                // an exception path that involves the credentials: the database cannot be reached at start
                SluiceProcess broken = new SluiceProcess(overlay, Map.of("sluice.db.url", "jdbc:postgresql://127.0.0.1:"
                        + closed + "/nowhere", "sluice.db.user", "postgres"));
                String failedStartLog;
                try (broken) {
                    broken.env("SLUICE_DB_PASSWORD", DB_SECRET).start();
                    broken.process().waitFor(90, TimeUnit.SECONDS);
                    failedStartLog = broken.log();
                }

                String log = sluice.log();
                System.out.printf("[security] RESULT log %d chars (%d WARN/ERROR lines), failed-start log %d chars with"
                                + " %d exception lines, Jolokia dump of %d chars / %d MBeans (%d reads refused); secrets found: log %s,"
                                + " failed start %s, MBeans %s; anonymous Jolokia %d, wrong password %d; bind: %s%n",
                        log.length(), count(log, "(?m)^\\S+ (WARN|ERROR) "), failedStartLog.length(),
                        count(failedStartLog, "(?m)Exception"), mbeans.length(), mbeanCount, unreadable, found(log),
                        found(failedStartLog), found(mbeans), anonymous, wrong, bindCheck);
                assertThat(failedStartLog).as("the failed start reports the database problem").containsIgnoringCase("exception");
                for (String secret : SECRETS) {
                    assertThat(log).as("service log").doesNotContain(secret);
                    assertThat(failedStartLog).as("failed start log").doesNotContain(secret);
                    assertThat(mbeans).as("MBean attributes").doesNotContain(secret);
                }
                assertThat(campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1"))
                        .as("ok.test x2 and relay.test (logged in)").isEqualTo(3);
                assertThat(relayed).as("the relay got only the mail sent with the right password").containsExactly("d@relay.test");
                Campaign.Row refusedLogin = campaign.row(rows.get(4));
                System.out.printf("[security] wrong relay password: status %d, reason %s%n", refusedLogin.status(),
                        refusedLogin.msgText());
                assertThat(refusedLogin.status()).as("a refused login is retried, not sent").isEqualTo(6);
                assertThat(refusedLogin.msgText()).as("the failure is recorded").isNotBlank();
                for (String secret : SECRETS) {
                    assertThat(refusedLogin.msgText()).as("broadlog failure text").doesNotContain(secret);
                }
            }
        } finally {
            relay.stop();
        }
    }

    @Test
    void shouldRunOnlyNamedParameterSqlFromFiles() throws Exception {
        Path sqlDir = Path.of("config/sql");
        List<String> problems = new ArrayList<>();
        int statements = 0;
        int parameters = 0;
        try (Stream<Path> files = Files.list(sqlDir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (!f.toString().endsWith(".sql") || f.getFileName().toString().equals("schema.sql")) {
                    continue;
                }
                statements++;
                String sql = stripSqlComments(Files.readString(f));
                if (sql.contains("${") || sql.contains("{{")) {
                    problems.add(f + ": expression or placeholder interpolated into the SQL text");
                }
                Matcher m = Pattern.compile(":#([^\\s,)]+)").matcher(sql);
                while (m.find()) {
                    parameters++;
                    if (!m.group(1).matches("[A-Za-z][A-Za-z0-9_]*")) {
                        problems.add(f + ": parameter :#" + m.group(1) + " is not a plain name");
                    }
                }
                if (sql.replace("::", "").matches("(?s).*:[A-Za-z?].*") || sql.contains("?")) {
                    problems.add(f + ": other parameter style than :#name");
                }
            }
        }
        int sqlUris = 0;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path f : (Iterable<Path>) routes.sorted()::iterator) {
                Matcher m = Pattern.compile("sql:([^\"<?]+)").matcher(Files.readString(f));
                while (m.find()) {
                    sqlUris++;
                    if (!m.group(1).matches("\\{\\{sluice\\.sql\\.location}}/[\\w.{}-]+")) {
                        problems.add(f + ": sql: endpoint not reading a file of config/sql: " + m.group(1));
                    }
                }
            }
        }
        int jdbcCalls = 0;
        List<Path> javaFiles;
        try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
            javaFiles = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Pattern call = Pattern.compile("\\.(prepareStatement|prepareCall|executeQuery|executeUpdate|executeLargeUpdate|addBatch)\\(");
        Pattern execute = Pattern.compile("\\b\\w*(statement|stmt|s)\\.execute\\(", Pattern.CASE_INSENSITIVE);
        for (Path f : javaFiles) {
            String src = Files.readString(f);
            Map<String, String> constants = constants(src);
            for (Pattern p : List.of(call, execute)) {
                Matcher m = p.matcher(src);
                while (m.find()) {
                    String arg = argument(src, m.end());
                    if (arg.isBlank()) {
                        continue; // executeQuery() / executeUpdate() of a prepared statement
                    }
                    jdbcCalls++;
                    String bad = nonConstantParts(arg, constants);
                    if (!bad.isEmpty() && !allowed(f, arg)) {
                        problems.add(f + ": SQL built from non-constant " + bad + " in " + arg.replaceAll("\\s+", " "));
                    }
                }
            }
        }
        System.out.printf("[security/sql] RESULT %d route SQL files, %d :#named parameters, %d sql: endpoints in routes,"
                + " %d JDBC calls with SQL in %d main Java files; problems: %s%n", statements, parameters, sqlUris,
                jdbcCalls, javaFiles.size(), problems);
        assertThat(statements).isGreaterThanOrEqualTo(5);
        assertThat(sqlUris).isGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    /**
     * DDL statements split from schema.sql by SchemaInstaller: a file the operator controls, no user data. The
     * diagnosis report's report-*.sql, checked above, prepared by ReportSql with their :#named parameters bound.
     */
    static boolean allowed(Path file, String arg) {
        return (file.endsWith(Path.of("io/sluice/db/SchemaInstaller.java"))
                || file.endsWith(Path.of("io/sluice/diagnosis/ReportSql.java"))) && arg.trim().equals("sql");
    }

    /** The call's argument text, up to its closing parenthesis (strings and nesting respected). */
    static String argument(String src, int from) {
        int depth = 1;
        boolean inString = false;
        for (int i = from; i < src.length(); i++) {
            char c = src.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return src.substring(from, i);
            }
        }
        return "";
    }

    /** static final String constants of a source file, name -> initializer. */
    static Map<String, String> constants(String src) {
        Map<String, String> c = new HashMap<>();
        Matcher m = Pattern.compile("static final String ([A-Z_][A-Z0-9_]*)\\s*=\\s*(.*?);", Pattern.DOTALL).matcher(src);
        while (m.find()) {
            c.put(m.group(1), m.group(2));
        }
        return c;
    }

    /** What is left of an SQL argument once literals, constants and the generated-keys flag are removed. */
    static String nonConstantParts(String arg, Map<String, String> constants) {
        String first = arg.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")[0];
        String rest = first.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "").replaceAll("[+\\s()]", " ").trim();
        List<String> bad = new ArrayList<>();
        for (String token : rest.split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (constants.containsKey(token)) {
                String init = constants.get(token);
                if (!nonConstantParts(init, Collections.emptyMap()).isEmpty()) {
                    bad.add(token + " = " + init);
                }
            } else {
                bad.add(token);
            }
        }
        return String.join(", ", bad);
    }

    static String stripSqlComments(String sql) {
        return sql.replaceAll("(?m)--.*$", "");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String jolokia(HttpClient http, String base, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/jolokia/"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", basic("admin", CONSOLE_SECRET))
                // as the console's own page sends it (Jolokia's CSRF check refuses any other, and none)
                .header("Origin", URI.create(base).resolve("/").toString().replaceAll("/$", ""))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 500);
        return r.body();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static int status(HttpClient http, String url, String auth) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
            if (auth != null) {
                b.header("Authorization", auth);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    static boolean connects(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String found(String text) {
        List<String> f = SECRETS.stream().filter(text::contains).toList();
        return f.isEmpty() ? "none" : f.toString();
    }
}
