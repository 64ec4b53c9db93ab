package io.sluice.karaf;

import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.PostgresTestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sluice deployed into Apache Karaf 4.4.10 the way users do it, end to end:
 * <ol>
 *   <li>a fresh copy of the Karaf distribution (unpacked by the build from Maven Central into
 *       {@code target/karaf-dist}), headless on loopback: SSH and RMI on free ports bound to 127.0.0.1, a
 *       generated SSH key for user {@code karaf} (role admin), the Jolokia JVM agent on a free port;</li>
 *   <li>the artifacts this build made, placed in Karaf's {@code system/} Maven repository (so
 *       {@code mvn:io.sluice/sluice/VERSION/xml/features} resolves without {@code mvn install});</li>
 *   <li>over SSH: {@code feature:repo-add}, {@code feature:install sluice}; the bundle is Active, Sluice's
 *       defaults are in {@code etc/sluice/}, the routes start (Karaf's log, and their JMX State through
 *       Jolokia) on the embedded defaults;</li>
 *   <li>configuration edited in {@code etc/sluice/} (PostgreSQL database, SMTP relay = an in-JVM simulator),
 *       {@code bundle:restart io.sluice}; a delivery seeded in PostgreSQL is sent and written back (iStatus=1);</li>
 *   <li>Karaf is stopped and no process is left behind, whatever happened.</li>
 * </ol>
 * Skipped, with a message, when the build did not unpack Karaf ({@code -Dsluice.karaf.skip=true}) or when
 * there is no {@code ssh} client.
 */
class KarafFeatureIT {

    private static final Duration KARAF_BOOT = Duration.ofSeconds(120);
    private static final Duration SLUICE_START = Duration.ofSeconds(90);
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final Pattern ROUTES_STARTUP = Pattern.compile(
            "Routes startup \\(total:(\\d+)(?: started:(\\d+))?(?: disabled:(\\d+))?");
    /** The Sluice page's front-end build inside the bundle (src/main/console's webpack output). */
    private static final String PLUGIN_ENTRY = "sluice/console/plugin/remoteEntry.js";
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    private final long t0 = System.nanoTime();

    @Test
    void shouldInstallTheFeatureAndSendADeliveryFromInsideKaraf() throws Exception {
        Path dist = Path.of(System.getProperty("sluice.karaf.dist", "target/karaf-dist/apache-karaf-4.4.10"));
        Assumptions.assumeFalse(Boolean.getBoolean("sluice.karaf.skip"),
                "KarafFeatureIT skipped: -Dsluice.karaf.skip=true (Karaf not downloaded)");
        Assumptions.assumeTrue(Files.isRegularFile(dist.resolve("bin/karaf")),
                "KarafFeatureIT skipped: no Karaf distribution at " + dist
                        + " (the build unpacks org.apache.karaf:apache-karaf:4.4.10:tar.gz there; was it downloadable?)");
        Assumptions.assumeTrue(commandExists("ssh"), "KarafFeatureIT skipped: no ssh client on this machine");

        String version = System.getProperty("sluice.version", "0.1.0-SNAPSHOT");
        Path bundle = Path.of(System.getProperty("sluice.bundle", "target/sluice-bundle.jar"));
        Path features = Path.of(System.getProperty("sluice.features", "target/karaf-features/features.xml"));
        assertThat(bundle).as("bundle built by this build").isRegularFile();
        assertThat(features).as("features repository built by this build").isRegularFile();

        Path work = Path.of(System.getProperty("sluice.karaf.work", "target/karaf-it")).toAbsolutePath();
        deleteTree(work);
        Path karaf = work.resolve("karaf");
        copyTree(dist, karaf);
        log("fresh Karaf copied to " + karaf);

        // Our artifacts in Karaf's own system repository: mvn: URLs resolve there first, no `mvn install` needed.
        Path repo = karaf.resolve("system/io/sluice/sluice/" + version);
        Files.createDirectories(repo);
        Files.copy(bundle, repo.resolve("sluice-" + version + "-bundle.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(features, repo.resolve("sluice-" + version + "-features.xml"), StandardCopyOption.REPLACE_EXISTING);

        int sshPort = freePort();
        int jolokiaPort = freePort();
        int unsubscribePort = freePort();
        int consolePort = freePort();
        Path key = configureHeadless(karaf, work, sshPort);

        KarafProcess process = null;
        try (PostgresTestDatabase db = new PostgresTestDatabase();
             SmtpSimulator smtp = SmtpSimulator.builder().build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().subject("Hello {{recipient.firstName}} from Karaf").create();
            List<Long> ids = campaign.pendingMany(delivery, List.of("ann@karaf.test", "bob@karaf.test", "carl@osgi.test"));
            log("seeded delivery " + delivery + " (" + ids.size() + " recipients) in " + db.url());

            process = KarafProcess.start(karaf, work.resolve("karaf-console.log"), Map.of(
                    "EXTRA_JAVA_OPTS", "-javaagent:" + jolokiaAgent() + "=host=127.0.0.1,port=" + jolokiaPort
                            + ",discoveryEnabled=false"
                            // the console on a free port rather than its Karaf default 8183 (-D wins over the file)
                            + " -Dsluice.console.port=" + consolePort));
            Ssh ssh = new Ssh(sshPort, key);
            waitUntil("Karaf SSH console answers", KARAF_BOOT, () -> ssh.tryRun("bundle:list -t 0 -s | grep -c Active") != null);
            log("Karaf up, SSH on 127.0.0.1:" + sshPort);

            // --- install the feature exactly as the README says
            String added = ssh.run("feature:repo-add mvn:io.sluice/sluice/" + version + "/xml/features");
            assertThat(added).doesNotContain("Error");
            String installed = ssh.run("feature:install sluice");
            assertThat(installed).as("feature:install output").doesNotContain("Error");
            log("feature sluice installed");

            waitUntil("bundle io.sluice Active", SLUICE_START, () -> bundleState(ssh).contains("Active"));
            waitUntil("Sluice routes started on the defaults", SLUICE_START, () -> routesStartups(karaf).size() >= 1);
            int[] first = routesStartups(karaf).get(0);
            // the one-click unsubscribe listener (routes/unsubscribe.camel.yaml) is off without a base URL, the bounce
            // mailbox (routes/bounces.camel.yaml) without a mailbox URL
            assertThat(first[2]).as("routes disabled on the defaults (unsubscribe listener, bounce mailbox)").isEqualTo(2);
            assertThat(first[1]).as("routes started of " + first[0]).isEqualTo(first[0] - 2).isPositive();
            assertThat(karaf.resolve("etc/sluice/application.properties")).isRegularFile();
            assertThat(karaf.resolve("etc/sluice/domains.yaml")).isRegularFile();
            assertThat(karaf.resolve("etc/sluice/sql/schema.sql")).isRegularFile();
            assertThat(karaf.resolve("etc/sluice/routes/claim.camel.yaml")).isRegularFile();
            log("bundle Active, " + first[1] + "/" + first[0] + " routes started on the embedded defaults");

            String routeStates = jolokia(jolokiaPort, "read/org.apache.camel:type=routes,*/State");
            assertThat(count(routeStates, "\"State\":\"Started\"")).as("Started routes over Jolokia: " + routeStates)
                    .isEqualTo(first[1]);
            assertThat(jolokia(jolokiaPort, "read/org.apache.camel:context=*,type=routes,name=%22unsubscribe%22/State"))
                    .as("the unsubscribe route is the one not started").contains("\"Stopped\"");
            log("Jolokia on 127.0.0.1:" + jolokiaPort + " reports " + first[1] + " routes Started, unsubscribe Stopped");

            // --- the console: served by the bundle on loopback, Karaf's users log in (JAAS realm karaf)
            assertThat(properties(karaf.resolve("etc/sluice/application.properties")))
                    .as("the Karaf section of the copied properties")
                    .containsEntry("sluice.console.realm", "karaf").containsEntry("sluice.console.port", "8183")
                    .containsEntry("sluice.console.host", "127.0.0.1").containsEntry("sluice.console.enabled", "true");
            String console = "http://127.0.0.1:" + consolePort + "/hawtio";
            assertThat(logText(karaf)).contains("Console (Hawtio) on " + console + "/");
            KarafConsoleChecks.refusesWithoutLogin(console);
            KarafConsoleClient browser = KarafConsoleChecks.loggedIn(console);
            KarafConsoleChecks.servesSluice(browser);
            log("console on " + console + ": Karaf's user " + KarafConsoleChecks.ADMIN + " logged in, /hawtio/sluice and"
                    + " Jolokia sluice:* answer; no session, wrong password, viewer-only user, the session from another"
                    + " origin refused");
            // built with -Dsluice.console.plugin.skip=true the bundle has no page files; otherwise it must have them
            boolean pageBuilt = !Boolean.getBoolean("sluice.console.plugin.skip");
            assertThat(hasEntry(bundle, PLUGIN_ENTRY)).as(PLUGIN_ENTRY + " in the bundle").isEqualTo(pageBuilt);
            log("console: " + KarafConsoleChecks.servesThePlugin(console, pageBuilt));
            if (pageBuilt) {
                log("console: " + KarafPageInBrowser.rendersTheSluicePage(console, KarafConsoleChecks.ADMIN,
                        KarafConsoleChecks.ADMIN_PASSWORD));
            }

            // --- configure: the campaign database and the SMTP relay, then restart the bundle
            Path props = karaf.resolve("etc/sluice/application.properties");
            Files.writeString(props, Files.readString(props) + "\n## KarafFeatureIT\n"
                    + "sluice.db.url = " + db.url() + "\nsluice.db.user = " + db.user() + "\n"
                    + "sluice.writer.flush-interval = 100\n"
                    // the one-click unsubscribe listener (camel-netty-http inside the bundle) on a free loopback port
                    + "sluice.unsubscribe.base-url = http://127.0.0.1:" + unsubscribePort + "/unsubscribe\n"
                    + "sluice.unsubscribe.port = " + unsubscribePort + "\n"
                    + "sluice.unsubscribe.secret = karaf-it-unsubscribe-secret-0123456789abcdef\n");
            Path domains = karaf.resolve("etc/sluice/domains.yaml");
            String yaml = Files.readString(domains);
            String relay = "transport: \"smtp://127.0.0.1:" + smtp.port() + "\"";
            String edited = yaml.replaceFirst("transport: \"smtp://127\\.0\\.0\\.1:\\d+\"", Matcher.quoteReplacement(relay));
            assertThat(edited).as("defaults.transport replaced").contains(relay);
            Files.writeString(domains, edited);
            ssh.run("bundle:restart io.sluice");
            waitUntil("Sluice routes started again after bundle:restart", SLUICE_START,
                    () -> routesStartups(karaf).size() >= 2 && bundleState(ssh).contains("Active"));
            int[] second = routesStartups(karaf).get(1);
            assertThat(second[1]).as("every route started, the unsubscribe listener too; the bounce mailbox stays off"
                    + " (no sluice.bounces.url)").isEqualTo(second[0] - 1);
            log("bundle restarted on PostgreSQL + SMTP simulator 127.0.0.1:" + smtp.port());
            // the restarted bundle serves its console again (a new Tomcat on the same port; the old session is gone)
            KarafConsoleChecks.servesSluice(KarafConsoleChecks.loggedIn(console));
            log("console answers again after bundle:restart");

            // --- the delivery goes out and is written back
            waitUntil("3 messages accepted by the SMTP sink", DELIVERY, () -> smtp.receivedMessages().size() >= 3);
            waitUntil("broadlog written back (iStatus=1)", DELIVERY, () -> sentCount(campaign, delivery) == ids.size());
            assertThat(smtp.receivedMessages()).extracting(ReceivedMessage::recipients).hasSize(3);
            log("delivery sent: " + smtp.receivedMessages().size() + " messages, " + ids.size() + " broadlog rows Sent (1)");

            // --- one-click unsubscribe answered from inside Karaf: the URL of a received List-Unsubscribe header
            String header = smtp.receivedMessages().get(0).header("List-Unsubscribe").orElseThrow().replaceAll("\\s+", "");
            String url = header.substring(1, header.indexOf('>'));
            assertThat(url).startsWith("http://127.0.0.1:" + unsubscribePort + "/unsubscribe/");
            assertThat(postOneClick(url)).as("POST " + url).isEqualTo(200);
            assertThat(campaign.count("SELECT COUNT(*) FROM SluiceUnsubscribe WHERE iDeliveryId = " + delivery))
                    .as("one unsubscribe recorded").isEqualTo(1);
            log("one-click unsubscribe answered 200 on 127.0.0.1:" + unsubscribePort);

            // --- stop: the bundle stops Camel cleanly, and its console with it
            ssh.run("bundle:stop io.sluice");
            waitUntil("Sluice stopped", Duration.ofSeconds(60), () -> logText(karaf).contains("Sluice: stopped in"));
            assertThat(bundleState(ssh)).contains("Resolved");
            assertThat(new KarafConsoleClient(console).answers()).as("console port closed after bundle:stop").isFalse();
            log("bundle stopped cleanly, console closed");
        } catch (Throwable failure) {
            if (process != null) {
                System.err.println("---- last lines of " + work.resolve("karaf/data/log/karaf.log"));
                System.err.println(tail(karaf.resolve("data/log/karaf.log"), 80));
            }
            throw failure;
        } finally {
            if (process != null) {
                process.stop();
                assertThat(process.leftovers()).as("processes left behind").isEmpty();
                log("Karaf stopped, no process left");
            }
            System.out.printf("KarafFeatureIT total: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    // ------------------------------------------------------------------------------------------------ Karaf

    /** sshHost/RMI on loopback and free ports; returns the private key file authorised for karaf (admin). */
    private static Path configureHeadless(Path karaf, Path work, int sshPort) throws Exception {
        Path shell = karaf.resolve("etc/org.apache.karaf.shell.cfg");
        Files.writeString(shell, Files.readString(shell)
                .replaceAll("(?m)^sshHost\\s*=.*$", "sshHost = 127.0.0.1")
                .replaceAll("(?m)^sshPort\\s*=.*$", "sshPort = " + sshPort));
        Path mgmt = karaf.resolve("etc/org.apache.karaf.management.cfg");
        Files.writeString(mgmt, Files.readString(mgmt)
                .replaceAll("(?m)^rmiRegistryPort\\s*=.*$", "rmiRegistryPort = " + freePort())
                .replaceAll("(?m)^rmiServerPort\\s*=.*$", "rmiServerPort = " + freePort())
                .replaceAll("(?m)^rmiRegistryHost\\s*=.*$", "rmiRegistryHost = 127.0.0.1")
                .replaceAll("(?m)^rmiServerHost\\s*=.*$", "rmiServerHost = 127.0.0.1"));

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path key = work.resolve("karaf-it-key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        // Karaf's users for the console (etc/users.properties ships them commented out)
        Path users = karaf.resolve("etc/users.properties");
        Files.writeString(users, Files.readString(users) + KarafConsoleChecks.users());
        Path keys = karaf.resolve("etc/keys.properties");
        Files.writeString(keys, Files.readString(keys) + "\nkaraf = " + sshPublicKey((RSAPublicKey) pair.getPublic())
                + ",_g_:admingroup\n");
        return key;
    }

    /** The base64 part of an OpenSSH "ssh-rsa" public key line. */
    private static String sshPublicKey(RSAPublicKey key) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : List.of("ssh-rsa".getBytes(StandardCharsets.US_ASCII), key.getPublicExponent().toByteArray(),
                key.getModulus().toByteArray())) {
            out.writeBytes(new byte[]{(byte) (part.length >>> 24), (byte) (part.length >>> 16),
                    (byte) (part.length >>> 8), (byte) part.length});
            out.writeBytes(part);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** The Karaf JVM (bin/karaf server) and everything it starts; stopping leaves nothing behind. */
    static final class KarafProcess {
        private final Process process;
        private final List<ProcessHandle> tree = new ArrayList<>();
        private final Thread hook;

        private KarafProcess(Process process) {
            this.process = process;
            this.hook = new Thread(this::kill, "karaf-it-kill");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        static KarafProcess start(Path karaf, Path console, Map<String, String> env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server")
                    .directory(karaf.toFile()).redirectErrorStream(true).redirectOutput(console.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("JAVA_MAX_MEM", "768m");
            pb.environment().putAll(env);
            return new KarafProcess(pb.start());
        }

        /** SIGTERM to the whole tree (Karaf shuts down), then SIGKILL whatever is still there after 45 s. */
        void stop() {
            snapshot();
            tree.forEach(ProcessHandle::destroy);
            process.destroy();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
                sleep(250);
            }
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down already
            }
        }

        private void snapshot() {
            ProcessHandle root = process.toHandle();
            if (!tree.contains(root)) {
                tree.add(root);
            }
            root.descendants().filter(p -> !tree.contains(p)).forEach(tree::add);
        }

        private void kill() {
            snapshot();
            tree.forEach(ProcessHandle::destroyForcibly);
            tree.forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join());
        }

        List<Long> leftovers() {
            return tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        }
    }

    /** {@code ssh -n -p PORT -i KEY karaf@127.0.0.1 'command'}. */
    record Ssh(int port, Path key) {

        String run(String command) throws Exception {
            String out = tryRun(command);
            if (out == null) {
                throw new IllegalStateException("ssh command failed: " + command);
            }
            return out;
        }

        /** The command's output (ANSI colours removed), or null if ssh could not run it. */
        String tryRun(String command) {
            try {
                Process p = new ProcessBuilder("ssh", "-n", "-p", String.valueOf(port), "-i", key.toString(),
                        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5", "karaf@127.0.0.1", command)
                        .redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                String text = ANSI.matcher(new String(out, StandardCharsets.UTF_8)).replaceAll("");
                if (p.exitValue() == 255 || text.contains("Connection refused") || text.contains("Permission denied")) {
                    return null;
                }
                return text;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static String bundleState(Ssh ssh) {
        String out = ssh.tryRun("bundle:list -s -t 0 | grep io.sluice");
        return out == null ? "" : out;
    }

    /**
     * Karaf's whole log file: {@code log:display} shows only the last 500 lines (etc/org.apache.karaf.log.cfg), and a
     * console session in the browser logs enough to push the first "Routes startup" out of them before the restart.
     */
    private static String logText(Path karaf) {
        try {
            return Files.readString(karaf.resolve("data/log/karaf.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Every "Routes startup (total:N[ started:M]" of Karaf's log, in order: [N, M]. */
    private static List<int[]> routesStartups(Path karaf) {
        List<int[]> found = new ArrayList<>();
        Matcher m = ROUTES_STARTUP.matcher(logText(karaf));
        while (m.find()) {
            // Camel prints "started:M" only when not all N routes started, "disabled:D" for autoStartup=false
            int total = Integer.parseInt(m.group(1));
            found.add(new int[]{total, m.group(2) == null ? total : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3))});
        }
        return found;
    }

    /** POSTs the RFC 8058 one-click body; the HTTP status. */
    private static int postOneClick(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
        try (var out = c.getOutputStream()) {
            out.write("List-Unsubscribe=One-Click".getBytes(StandardCharsets.US_ASCII));
        }
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static String jolokia(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/jolokia/" + path).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            c.disconnect();
        }
    }

    private static String jolokiaAgent() {
        Path agent = Path.of(System.getProperty("sluice.karaf.jolokia-agent", "target/karaf-dist/jolokia-agent-jvm-javaagent.jar"));
        assertThat(agent).as("Jolokia JVM agent copied by the build").isRegularFile();
        return agent.toAbsolutePath().toString();
    }

    private static boolean hasEntry(Path jar, String entry) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        }
    }

    /** The settings a properties file leaves in force (a later line wins over an earlier one). */
    private static java.util.Properties properties(Path file) throws IOException {
        java.util.Properties props = new java.util.Properties();
        try (var in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        return props;
    }

    private static long sentCount(Campaign campaign, long delivery) {
        try {
            return campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iDeliveryId = " + delivery + " AND iStatus = 1");
        } catch (Exception e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void log(String what) {
        System.out.printf("[KarafFeatureIT +%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(1000);
        }
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean commandExists(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no " + file + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
