package io.sluice.cli;

import io.sluice.config.SluiceLocations;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code init-db} applies the schema to an empty PostgreSQL database, and again without harm. */
class InitDbCommandTest {

    @Test
    void shouldCreateTheCampaignTablesIdempotentlyWithoutStartingTheService() throws Exception {
        String name = "sluice_initdb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = "jdbc:postgresql://127.0.0.1:5432/" + name;
        System.setProperty("sluice.db.url", url);
        System.setProperty("sluice.db.user", "postgres");
        try {
            // the console has no password here: init-db must not start the service's beans at all
            assertThat(new InitDbCommand(SluiceLocations.fromEnvironment()).run(new String[0])).isZero();
            assertThat(new InitDbCommand(SluiceLocations.fromEnvironment()).run(new String[0])).isZero();
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN"
                         + " ('nmsdelivery', 'nmsrecipient', 'nmsbroadlogrcp', 'nmsbroadlogmsg')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
        } finally {
            System.clearProperty("sluice.db.url");
            System.clearProperty("sluice.db.user");
            try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }
}
