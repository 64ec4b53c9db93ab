package io.sluice.testsupport;

import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.db.SchemaInstaller;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust auth) with Sluice's schema, dropped
 * on close. Override the server with -Dsluice.test.pg.host/port/user.
 */
public final class PostgresTestDatabase implements TestDatabase {

    private static final String HOST = System.getProperty("sluice.test.pg.host", "127.0.0.1");
    private static final String PORT = System.getProperty("sluice.test.pg.port", "5432");
    private static final String USER = System.getProperty("sluice.test.pg.user", "postgres");

    private final String name = "sluice_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final HikariDataSource dataSource;

    public PostgresTestDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl(), USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        dataSource = DataSources.create(DatabaseSettings.of(url(), USER, "", 4, Path.of("target")), "test-" + name);
        new SchemaInstaller(dataSource).apply(Path.of("config/sql/schema.sql"));
    }

    @Override
    public String url() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public HikariDataSource dataSource() {
        return dataSource;
    }

    private static String adminUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        try (Connection c = DriverManager.getConnection(adminUrl(), USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
