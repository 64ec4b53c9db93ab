package io.sluice.health;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/** The campaign database answers {@code SELECT 1} within the time limit. */
public final class DatabaseHealthCheck extends TimedHealthCheck {

    private final DataSource dataSource;
    private final int timeoutSeconds;

    public DatabaseHealthCheck(DataSource dataSource, Duration timeout) {
        super("database", timeout);
        this.dataSource = dataSource;
        this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    protected String probe() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            return "SELECT 1 answered by " + c.getMetaData().getDatabaseProductName();
        }
    }
}
