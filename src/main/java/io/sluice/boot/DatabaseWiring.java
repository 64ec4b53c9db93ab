package io.sluice.boot;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import io.sluice.db.ParsedOnceParameters;
import io.sluice.db.SchemaInstaller;

/**
 * The campaign database (sluice.db.*): the connection pool, closed when the context stops; the embedded database
 * gets its schema at start, PostgreSQL never silently (init-db).
 */
record DatabaseWiring(DatabaseSettings settings, HikariDataSource dataSource) {


    static DatabaseWiring wire(Wiring w) throws Exception {
        DatabaseSettings db = DatabaseSettings.of(w.text("sluice.db.url"), w.text("sluice.db.user"),
                w.text("sluice.db.password"), w.integer("sluice.db.pool-size"), w.dataDir);
        HikariDataSource dataSource = DataSources.create(db, "sluice-" + w.context.getName());
        w.closeOnStop(dataSource);
        if (db.embedded()) {
            int n = new SchemaInstaller(dataSource).apply(w.configDir.resolve("sql").resolve("schema.sql"));
            Wiring.LOG.info("Embedded campaign database {} ready ({} schema statements applied)", db.url(), n);
        } else {
            Wiring.LOG.info("Campaign database {}", db);
        }
        w.registry.bind("dataSource", dataSource);
        // prepareStatementStrategy of the per-result and per-parked-message SQL endpoints (parameter names parsed once)
        w.registry.bind(ParsedOnceParameters.BEAN_NAME, new ParsedOnceParameters());
        return new DatabaseWiring(db, dataSource);
    }
}
