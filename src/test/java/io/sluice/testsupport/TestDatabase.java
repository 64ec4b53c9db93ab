package io.sluice.testsupport;

import javax.sql.DataSource;

/** A campaign database for one test: the real PostgreSQL, or the embedded default. */
public interface TestDatabase extends AutoCloseable {

    String url();

    String user();

    DataSource dataSource();

    /** Opens a fresh one of the named kind: "postgresql" or "embedded". */
    static TestDatabase open(String kind) throws Exception {
        return switch (kind) {
            case "postgresql" -> new PostgresTestDatabase();
            case "embedded" -> new EmbeddedTestDatabase();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
