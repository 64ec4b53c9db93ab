package io.sluice.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the HikariCP pool for the campaign database. */
public final class DataSources {

    private DataSources() {
    }

    public static HikariDataSource create(DatabaseSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        // Start even while the database is down: claims simply fail and are retried by the next poll.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(10_000);
        if (settings.postgres()) {
            // Short statements run every second (claim, write-back): PostgreSQL's JIT compiler, triggered by the
            // claim's cost estimate at a million rows, took 1.5 s of a 1.8 s claim whose work was 0.06 s
            // (LargeBroadlogQueryPlanTest). The PostgreSQL manual advises JIT off for such workloads. (PostgreSQL 11+.)
            config.setConnectionInitSql("SET jit = off");
        }
        return new HikariDataSource(config);
    }
}
