package io.sluice.broadlog;

import io.sluice.result.BroadlogMessage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a normalised message text to its NmsBroadLogMsg id, creating the row on first sight, and adds
 * occurrence counts. Ids are cached (the set of distinct texts is small); the database stays the truth, so
 * several instances can share the table (a concurrent insert of the same text is caught by the unique key).
 */
public final class BroadlogMessageCatalog {

    static final String SELECT = "SELECT iBroadLogMsgId FROM NmsBroadLogMsg WHERE sText = ?";
    static final String INSERT = "INSERT INTO NmsBroadLogMsg (sText, mFirstText, iFailureType, iFailureReason, iOccurrence)"
            + " VALUES (?, ?, ?, ?, 0)";
    static final String ADD_OCCURRENCES = "UPDATE NmsBroadLogMsg SET iOccurrence = iOccurrence + ?,"
            + " tsLastModified = CURRENT_TIMESTAMP WHERE iBroadLogMsgId = ?";

    private final DataSource dataSource;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    public BroadlogMessageCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long idOf(BroadlogMessage message) throws SQLException {
        Long cached = ids.get(message.text());
        if (cached != null) {
            return cached;
        }
        try (Connection c = dataSource.getConnection()) {
            Long id = find(c, message.text());
            if (id == null) {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ps.setString(1, message.text());
                    ps.setString(2, message.rawText());
                    ps.setInt(3, message.type().code());
                    ps.setInt(4, message.reason().code());
                    ps.executeUpdate();
                } catch (SQLException duplicate) {
                    // another thread or instance inserted the same text first: use its row
                    if (find(c, message.text()) == null) {
                        throw duplicate;
                    }
                }
                id = find(c, message.text());
            }
            ids.put(message.text(), id);
            return id;
        }
    }

    public void addOccurrences(Map<Long, Integer> countsById) throws SQLException {
        if (countsById.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            addOccurrences(c, countsById);
        }
    }

    /** Adds occurrence counts inside the caller's transaction (the bounce mailbox: counted once, with its rows). */
    public static void addOccurrences(Connection c, Map<Long, Integer> countsById) throws SQLException {
        if (countsById.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(ADD_OCCURRENCES)) {
            for (Map.Entry<Long, Integer> e : countsById.entrySet()) {
                ps.setInt(1, e.getValue());
                ps.setLong(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Long find(Connection c, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
