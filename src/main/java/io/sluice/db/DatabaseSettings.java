package io.sluice.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Validated database settings. An empty URL means the embedded H2 database (PostgreSQL mode) under the data
 * directory. The password is a secret: {@link #toString()} never shows it.
 */
public final class DatabaseSettings {

    public static final int DEFAULT_POOL_SIZE = 10;
    private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

    private final String url;
    private final String user;
    private final String password;
    private final int poolSize;

    private DatabaseSettings(String url, String user, String password, int poolSize) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.poolSize = poolSize;
    }

    /**
     * @param url JDBC URL, or blank for the embedded database in {@code dataDir/db}
     */
    public static DatabaseSettings of(String url, String user, String password, int poolSize, Path dataDir) {
        if (poolSize < 1 || poolSize > 500) {
            throw new IllegalArgumentException("sluice.db.pool-size must be between 1 and 500, was " + poolSize);
        }
        String effective = url == null || url.isBlank()
                ? embeddedUrl("file:" + dataDir.toAbsolutePath().normalize().resolve("db").resolve("sluice"))
                : url.trim();
        if (!effective.startsWith(POSTGRES_PREFIX) && !effective.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("sluice.db.url must be a jdbc:postgresql: URL (or empty for the "
                    + "embedded database), was " + effective.replaceAll("password=[^&;]*", "password=***"));
        }
        return new DatabaseSettings(effective, blankToNull(user), password == null ? "" : password, poolSize);
    }

    /**
     * H2 in PostgreSQL mode with lower-case identifiers, so the same SQL and the same result keys work. Not closed
     * by H2's own shutdown hook (DB_CLOSE_ON_EXIT): on SIGTERM that hook ran beside Camel's stop and the routes
     * still stopping failed with "Database is already closed"; closing the pool at the end of the stop closes it.
     */
    public static String embeddedUrl(String h2Location) {
        return "jdbc:h2:" + h2Location + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    public boolean embedded() {
        return url.startsWith("jdbc:h2:");
    }

    /** True for PostgreSQL (SQL variants and session settings that only it has); else the embedded H2. */
    public boolean postgres() {
        return url.startsWith(POSTGRES_PREFIX);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    String password() {
        return password;
    }

    public int poolSize() {
        return poolSize;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + Objects.toString(user, "") + ", password=***, poolSize="
                + poolSize + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
