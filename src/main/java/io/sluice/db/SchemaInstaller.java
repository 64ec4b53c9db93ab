package io.sluice.db;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@code config/sql/schema.sql}. Every statement is idempotent ({@code IF NOT EXISTS}), so running it
 * again is harmless. Statements are separated by a line holding only {@code ;}.
 */
public final class SchemaInstaller {

    private final DataSource dataSource;

    public SchemaInstaller(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return the number of statements executed */
    public int apply(Path schemaFile) throws IOException, SQLException {
        List<String> statements = split(Files.readString(schemaFile));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : statements) {
                s.execute(sql);
            }
            c.commit();
        }
        return statements.size();
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            if (line.strip().equals(";")) {
                addIfCode(statements, current.toString());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        addIfCode(statements, current.toString());
        return statements;
    }

    private static void addIfCode(List<String> statements, String sql) {
        boolean hasCode = sql.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("--"));
        if (hasCode) {
            statements.add(sql.strip());
        }
    }
}
