package io.sluice.testsupport;

import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.db.SchemaInstaller;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.util.UUID;

/** A fresh in-memory embedded database (H2, PostgreSQL mode), exactly what the app uses with no configuration. */
public final class EmbeddedTestDatabase implements TestDatabase {

    private final String url = DatabaseSettings.embeddedUrl("mem:t" + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1");
    private final HikariDataSource dataSource;

    public EmbeddedTestDatabase() throws Exception {
        dataSource = DataSources.create(DatabaseSettings.of(url, "", "", 4, Path.of("target")), "test-embedded");
        new SchemaInstaller(dataSource).apply(Path.of("config/sql/schema.sql"));
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String user() {
        return "";
    }

    @Override
    public HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        try (var c = java.sql.DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
