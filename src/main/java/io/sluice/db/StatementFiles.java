package io.sluice.db;

/**
 * Chooses a route's SQL file in {@code config/sql} for the campaign database: a property set to {@code auto} (the
 * default) picks the PostgreSQL form on PostgreSQL and the portable form elsewhere (the embedded H2 database);
 * any other value must name a file there.
 */
public final class StatementFiles {

    /** The property value that lets the database choose. */
    public static final String AUTO = "auto";

    private StatementFiles() {
    }

    /**
     * @param property   the property's name, for the error message
     * @param configured its value (null or blank = auto)
     * @throws IllegalArgumentException when the value is neither auto nor a plain {@code .sql} file name
     */
    public static String choose(String property, String configured, boolean postgres, String forPostgres,
            String portable) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty() || AUTO.equalsIgnoreCase(value)) {
            return postgres ? forPostgres : portable;
        }
        if (!value.matches("[A-Za-z0-9._-]+\\.sql")) {
            throw new IllegalArgumentException(property + " must be auto or a file name in config/sql, was '"
                    + configured + "'");
        }
        return value;
    }
}
