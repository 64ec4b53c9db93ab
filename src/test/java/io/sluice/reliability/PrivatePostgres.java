package io.sluice.reliability;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.db.SchemaInstaller;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own: initdb from the installed binaries into a fresh directory, listening on
 * 127.0.0.1 on a spare port, trust auth, fsync off. When the tests run as root, initdb/pg_ctl run as the
 * {@code postgres} OS user ({@code runuser -u postgres --}) in a directory chowned to it. Nothing of the machine's
 * own server is touched. {@link #close()} stops it (immediate) and deletes the directory.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed {@code /usr/lib/postgresql/<version>/bin}, if any. */
    static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb"))
                            && Files.isExecutable(p.resolve("pg_ctl")))
                    .max(Comparator.comparing(p -> {
                        String v = p.getParent().getFileName().toString();
                        return v.matches("\\d+") ? Integer.parseInt(v) : 0;
                    }));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static PrivatePostgres initAndStart(Path bin) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sluice-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, port);
        try {
            if (pg.asPostgresUser) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
            }
            pg.runPg(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-sync", "--no-instructions"), 120);
            pg.start();
            return pg;
        } catch (Exception e) {
            pg.close();
            throw e;
        }
    }

    /**
     * Creates a database on this server with Sluice's schema and opens a small pool on it (closed by the caller); its
     * JDBC URL is {@link #url(String)}.
     */
    HikariDataSource createSluiceDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl(), "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        HikariDataSource ds = DataSources.create(DatabaseSettings.of(url(name), "postgres", "", 2, Path.of("target")), name);
        new SchemaInstaller(ds).apply(Path.of("config/sql/schema.sql"));
        return ds;
    }

    int port() {
        return port;
    }

    String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() throws Exception {
        runPg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "-w", "-t", "60", "start"), 90);
    }

    /** Stops the server: mode "fast" (disconnects clients, clean shutdown) or "immediate" (like a crash). */
    void stop(String mode) throws Exception {
        runPg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t", "60", "stop"), 90);
    }

    @Override
    public void close() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                stop("immediate");
            }
        } catch (Exception e) {
            System.err.println("[private-pg] stop failed: " + e.getMessage());
        }
        SluiceProcess.deleteTree(dir);
    }

    private void runPg(List<String> command, int timeoutSeconds) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        run(cmd, timeoutSeconds);
    }

    private static void run(List<String> cmd, int timeoutSeconds) throws Exception {
        Path out = Files.createTempFile("sluice-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of("/tmp").toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + cmd + "\n" + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
