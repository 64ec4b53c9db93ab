package io.sluice.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The standalone Sluice service ({@code io.sluice.Sluice run}) in a child JVM, started from
 * {@code target/classes} with the test classpath (no dependency on {@code mvn package}), console and metrics off,
 * with a temporary copy of {@code config/} plus a domains overlay of the test's own. Its output goes to a log
 * file the test can scan. {@link #kill()} is {@code kill -9} ({@link Process#destroyForcibly()}).
 */
final class SluiceProcess implements AutoCloseable {

    private final Path configDir;
    private final Path dataDir;
    private final Map<String, String> properties;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    SluiceProcess(String domainsOverlay, Map<String, String> properties) throws IOException {
        this.configDir = Files.createTempDirectory("sluice-rel-config");
        this.dataDir = Files.createTempDirectory("sluice-rel-data");
        copyTree(Path.of("config"), configDir);
        Files.writeString(configDir.resolve("test-overlay.yaml"), domainsOverlay);
        this.properties = new LinkedHashMap<>();
        this.properties.put("sluice.domains.files", "domains.yaml,test-overlay.yaml");
        this.properties.put("sluice.console.enabled", "false");
        this.properties.put("sluice.metrics.enabled", "false");
        this.properties.put("sluice.data-dir", dataDir.toString());
        this.properties.putAll(properties);
    }

    /** An environment variable of the child (e.g. a secret, as operators pass them: never on the command line). */
    SluiceProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The classpath of the test JVM (surefire exposes the real one as java.class.path). */
    static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }

    /** Starts (or restarts, with the same config and data directories) the child JVM. */
    SluiceProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        Path log = Files.createTempFile("sluice-rel-" + logs.size() + "-", ".log");
        logs.add(log);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(testClasspath());
        cmd.add("io.sluice.Sluice");
        cmd.add("run");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SLUICE_"));
        env.put("SLUICE_CONFIG_DIR", configDir.toString());
        env.put("SLUICE_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("SLUICE_CONSOLE_ENABLED", properties.get("sluice.console.enabled"));
        env.put("SLUICE_METRICS_ENABLED", properties.get("sluice.metrics.enabled"));
        env.putAll(environment);
        process = pb.start();
        return this;
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** kill -9 and wait until the process is gone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (graceful stop), then kill -9 if it does not end within the timeout. */
    void stop(Duration timeout) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    /** Output of every start so far, concatenated. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (Path p : logs) {
            try {
                sb.append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    /** Waits for the Camel context to report it started (or the process to die). */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Path current = logs.get(logs.size() - 1);
        while (System.nanoTime() < end) {
            try {
                String text = Files.readString(current, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (text.contains("started in") || text.contains("Routes startup")) {
                    return true;
                }
            } catch (IOException ignored) {
                // not written yet
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        kill();
        deleteTree(configDir);
        deleteTree(dataDir);
        if (!Boolean.getBoolean("sluice.reliability.keep-logs")) {
            for (Path p : logs) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
