package io.sluice.console;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's service command, as a new user runs it: the packaged jar ({@code target/sluice.jar}, so this runs
 * in the {@code verify} phase after packaging) as its own process, from a fresh empty working directory, with the
 * shipped config and routes and the default relative {@code sluice.data-dir = data}. Only the ports are chosen
 * (free ones, so parallel runs do not collide). The child stops by itself after a few minutes
 * ({@code camel.main.duration-max-seconds}) should this JVM die before killing it.
 */
class ConsoleJarIT {

    private static final String PASSWORD = "jar-it-secret";
    private static final Duration START = Duration.ofSeconds(180);

    @Test
    void shouldServeTheConsoleFromTheDefaultRelativeDataDirectory(@TempDir Path workDir) throws Exception {
        int consolePort = freePort();
        Process sluice = start(workDir, consolePort);
        try {
            ConsoleClient client = new ConsoleClient("http://127.0.0.1:" + consolePort + HawtioConsole.CONTEXT_PATH);
            try {
                await().atMost(START).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .failFast("Sluice exited", () -> !sluice.isAlive())
                        .until(() -> client.get("/jolokia/version", ConsoleClient.basic("admin", PASSWORD)).statusCode() == 200);
            } catch (ConditionTimeoutException | TerminalFailureException e) {
                throw new AssertionError("no console login: " + e.getMessage() + " (" + exitCode(sluice) + "):\n"
                        + tail(workDir), e);
            }
            HttpResponse<String> version = client.get("/jolokia/version", ConsoleClient.basic("admin", PASSWORD));
            assertThat(version.body()).contains("\"agent\"");
            assertThat(workDir.resolve("data/console")).as("the console's files under the relative data dir").isDirectory();
        } finally {
            stop(sluice);
        }
    }

    @Test
    void shouldRefuseToStartInOneLineWhenTheConsolePortIsTaken(@TempDir Path workDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process sluice = start(workDir, port);
            try {
                boolean exited = sluice.waitFor(START.toSeconds(), TimeUnit.SECONDS);
                List<String> output = Files.readAllLines(workDir.resolve("sluice.log"), StandardCharsets.UTF_8);
                String all = String.join("\n", output);
                assertThat(exited).as("Sluice still runs with its console port taken:%n%s", all).isTrue();
                assertThat(sluice.exitValue()).as(all).isNotZero();
                assertThat(output).as("one line names the port").filteredOn(l -> l.contains(String.valueOf(port)))
                        .singleElement().asString().contains("127.0.0.1:" + port).contains("SLUICE_CONSOLE_PORT");
                assertThat(output).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
            } finally {
                stop(sluice);
            }
        }
    }

    private static Process start(Path workDir, int consolePort) throws IOException {
        Path jar = Path.of(System.getProperty("sluice.jar", "target/sluice.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged jar (mvn package)").isRegularFile();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dcamel.main.duration-max-seconds=600", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("sluice.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SLUICE_"));
        env.put("SLUICE_CONFIG_DIR", Path.of("config").toAbsolutePath().toString());
        env.put("SLUICE_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("SLUICE_CONSOLE_PASSWORD", PASSWORD);
        env.put("SLUICE_CONSOLE_PORT", String.valueOf(consolePort));
        env.put("SLUICE_METRICS_PORT", String.valueOf(freePort()));
        return pb.start();
    }

    private static void stop(Process sluice) throws InterruptedException {
        sluice.destroy();
        if (!sluice.waitFor(60, TimeUnit.SECONDS)) {
            sluice.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String exitCode(Process p) {
        return p.isAlive() ? "running" : "exit " + p.exitValue();
    }

    private static String tail(Path workDir) {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("sluice.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
