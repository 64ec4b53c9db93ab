package io.sluice.cli;

import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.db.SchemaInstaller;
import io.sluice.db.ConfiguredDatabase;
import io.sluice.config.SluiceLocations;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;

/**
 * {@code java -jar sluice.jar init-db}: applies the schema to the configured database (idempotent). Reads the
 * same properties as the service (file, environment variables, -D), without starting any route.
 */
public final class InitDbCommand {

    private final SluiceLocations locations;

    public InitDbCommand(SluiceLocations locations) {
        this.locations = locations;
    }

    public int run(String[] args) throws Exception {
        DatabaseSettings settings = ConfiguredDatabase.settings(locations);
        try (HikariDataSource ds = DataSources.create(settings, "sluice-init-db")) {
            int n = new SchemaInstaller(ds).apply(locations.configDir().resolve("sql").resolve("schema.sql"));
            System.out.println("Schema applied to " + settings.url() + " (" + n + " statements, idempotent)");
            return 0;
        }
    }
}
