package io.sluice.quarantine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * NmsAddress in the database: applies {@link AddressEvent}s under {@link QuarantineRules} inside the caller's
 * transaction, and reads and releases single addresses for operators ({@link QuarantineOperations}).
 *
 * <p>Applying a batch: the rows that an error or a complaint may create are inserted first if missing (two writers
 * cannot both create one, and a duplicate does not abort the caller's transaction), then every address of the batch
 * is read {@code FOR UPDATE} in address order (two batches sharing
 * addresses wait for each other instead of deadlocking or losing a count), the rules decide, and only the rows that
 * changed are written. A DELIVERED event for an address without a row creates none: NmsAddress holds the addresses
 * with a history, not every address ever mailed. A COMPLAINT also sets {@code NmsRecipient.iBlackList = 1} on every
 * recipient with that e-mail address (compared trimmed and lower-cased).
 */
public final class QuarantineStore implements AddressLedger {

    // each statement spells its columns out (no SQL is built from other strings: SecurityTest); read() reads them
    // in this order
    private static final String CREATE_POSTGRESQL = "INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount,"
            + " iFailureReason, tsCreated, tsLastModified) VALUES (?, 0, 0, 0, ?, ?) ON CONFLICT (sAddress) DO NOTHING";
    private static final String CREATE_PORTABLE = "INSERT INTO NmsAddress (sAddress, iStatus, iErrorCount,"
            + " iFailureReason, tsCreated, tsLastModified) SELECT ?, 0, 0, 0, ?, ? FROM (VALUES (0)) one"
            + " WHERE NOT EXISTS (SELECT 1 FROM NmsAddress WHERE sAddress = ?)";
    /** SQLSTATE of a unique key violation (PostgreSQL and H2 alike). */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String UPDATE = "UPDATE NmsAddress SET iStatus = ?, iErrorCount = ?, tsLastError = ?,"
            + " sLastErrorText = ?, iFailureReason = ?, tsLastModified = ? WHERE sAddress = ?";
    private static final String DENYLIST_RECIPIENTS =
            "UPDATE NmsRecipient SET iBlackList = 1 WHERE LOWER(TRIM(sEmail)) = ? AND iBlackList <> 1";
    /** The rows of a batch's addresses, locked in address order (two batches sharing addresses cannot deadlock). */
    private static final String LOCK = "SELECT sAddress, iStatus, iErrorCount, tsLastError, sLastErrorText,"
            + " iFailureReason, tsCreated, tsLastModified FROM NmsAddress WHERE sAddress = ANY (?)"
            + " ORDER BY sAddress FOR UPDATE";
    private static final String FIND = "SELECT sAddress, iStatus, iErrorCount, tsLastError, sLastErrorText,"
            + " iFailureReason, tsCreated, tsLastModified FROM NmsAddress WHERE sAddress = ?";
    private static final String FIND_FOR_UPDATE = "SELECT sAddress, iStatus, iErrorCount, tsLastError, sLastErrorText,"
            + " iFailureReason, tsCreated, tsLastModified FROM NmsAddress WHERE sAddress = ? FOR UPDATE";
    private static final String RELEASE = "UPDATE NmsAddress SET iStatus = 0, iErrorCount = 0, tsLastModified = ?"
            + " WHERE sAddress = ?";
    private static final String COUNTS = "SELECT iStatus, COUNT(*) FROM NmsAddress GROUP BY iStatus";
    private static final String LIST = "SELECT sAddress, iStatus, iErrorCount, tsLastError, sLastErrorText,"
            + " iFailureReason, tsCreated, tsLastModified FROM NmsAddress WHERE iStatus = ANY (?)"
            + " ORDER BY sAddress LIMIT ?";
    /** Addresses locked per statement: a batch of results (sluice.writer.batch-size) is a few hundred. */
    private static final int LOCK_CHUNK = 500;

    private final QuarantineRules rules;

    public QuarantineStore(QuarantineRules rules) {
        this.rules = rules;
    }

    public QuarantineRules rules() {
        return rules;
    }

    @Override
    public void record(Connection connection, List<AddressEvent> events) throws SQLException {
        Map<String, List<AddressEvent>> byAddress = new TreeMap<>();
        for (AddressEvent e : events) {
            String key = AddressRecord.key(e.address());
            if (key != null && !key.isEmpty()) {
                byAddress.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            }
        }
        if (byAddress.isEmpty()) {
            return;
        }
        byAddress.values().forEach(list -> list.sort(Comparator.comparing(AddressEvent::at)));
        createMissing(connection, byAddress);
        Map<String, AddressRecord> current = lock(connection, new ArrayList<>(byAddress.keySet()));
        List<AddressRecord> changed = new ArrayList<>();
        List<String> complained = new ArrayList<>();
        for (Map.Entry<String, List<AddressEvent>> entry : byAddress.entrySet()) {
            AddressRecord before = current.get(entry.getKey());
            AddressRecord after = before;
            for (AddressEvent e : entry.getValue()) {
                after = rules.next(after, e);
                if (e.kind() == AddressEvent.Kind.COMPLAINT) {
                    complained.add(entry.getKey());
                }
            }
            if (after != null && !after.equals(before)) {
                changed.add(after);
            }
        }
        write(connection, changed);
        denylistRecipients(connection, complained);
    }

    /**
     * Inserts an empty (Valid) row for each address an error or complaint is about and that has none yet. PostgreSQL:
     * one batch of {@code ON CONFLICT DO NOTHING}. H2 has no such clause: each insert runs under a savepoint, and a
     * duplicate (another writer created the row meanwhile) is rolled back to it, leaving the transaction usable.
     */
    private static void createMissing(Connection c, Map<String, List<AddressEvent>> byAddress) throws SQLException {
        Map<String, Instant> missing = new TreeMap<>();
        for (Map.Entry<String, List<AddressEvent>> e : byAddress.entrySet()) {
            e.getValue().stream().filter(ev -> ev.kind() != AddressEvent.Kind.DELIVERED).findFirst()
                    .ifPresent(ev -> missing.put(e.getKey(), ev.at()));
        }
        if (missing.isEmpty()) {
            return;
        }
        if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            try (PreparedStatement ps = c.prepareStatement(CREATE_POSTGRESQL)) {
                for (Map.Entry<String, Instant> m : missing.entrySet()) {
                    ps.setString(1, m.getKey());
                    ps.setObject(2, utc(m.getValue()));
                    ps.setObject(3, utc(m.getValue()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(CREATE_PORTABLE)) {
            for (Map.Entry<String, Instant> m : missing.entrySet()) {
                ps.setString(1, m.getKey());
                ps.setObject(2, utc(m.getValue()));
                ps.setObject(3, utc(m.getValue()));
                ps.setString(4, m.getKey());
                insertUnlessDuplicate(c, ps);
            }
        }
    }

    private static void insertUnlessDuplicate(Connection c, PreparedStatement ps) throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
        }
        c.releaseSavepoint(before);
    }

    /** Reads and locks the rows of {@code addresses} (sorted), in address order. */
    private static Map<String, AddressRecord> lock(Connection c, List<String> addresses) throws SQLException {
        Map<String, AddressRecord> rows = new HashMap<>();
        for (int from = 0; from < addresses.size(); from += LOCK_CHUNK) {
            List<String> chunk = addresses.subList(from, Math.min(addresses.size(), from + LOCK_CHUNK));
            try (PreparedStatement ps = c.prepareStatement(LOCK)) {
                ps.setArray(1, c.createArrayOf("VARCHAR", chunk.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AddressRecord r = read(rs);
                        rows.put(r.address(), r);
                    }
                }
            }
        }
        return rows;
    }

    private static void write(Connection c, List<AddressRecord> changed) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            for (AddressRecord r : changed) {
                ps.setInt(1, r.status().code());
                ps.setInt(2, r.errorCount());
                if (r.lastErrorAt() == null) {
                    ps.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setObject(3, utc(r.lastErrorAt()));
                }
                ps.setString(4, r.lastErrorText());
                ps.setInt(5, r.failureReason());
                ps.setObject(6, utc(r.modified()));
                ps.setString(7, r.address());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void denylistRecipients(Connection c, List<String> addresses) throws SQLException {
        if (addresses.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(DENYLIST_RECIPIENTS)) {
            for (String a : addresses) {
                ps.setString(1, a);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The address's record, if it has one (address compared trimmed and lower-cased). */
    public static Optional<AddressRecord> find(Connection c, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FIND)) {
            ps.setString(1, AddressRecord.key(address));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Back to Valid with no counted error (the last error's text and reason are kept, for history). For a Denylisted
     * address this lifts Sluice's denylist only: {@code NmsRecipient.iBlackList} is the person's own choice
     * (unsubscribe, complaint) and is left as it is, so a recipient who complained stays unmailed until Campaign's
     * operator clears that flag on purpose.
     *
     * @return the record before the release; empty when the address has no row (nothing to release)
     */
    public static Optional<AddressRecord> release(Connection c, String address, Instant at) throws SQLException {
        String key = AddressRecord.key(address);
        Optional<AddressRecord> before;
        try (PreparedStatement ps = c.prepareStatement(FIND_FOR_UPDATE)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                before = rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
        if (before.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                ps.setObject(1, utc(at));
                ps.setString(2, key);
                ps.executeUpdate();
            }
        }
        return before;
    }

    /** How many addresses have each status (statuses without any: 0). */
    public static Map<AddressStatus, Long> counts(Connection c) throws SQLException {
        Map<AddressStatus, Long> counts = new java.util.EnumMap<>(AddressStatus.class);
        for (AddressStatus s : AddressStatus.values()) {
            counts.put(s, 0L);
        }
        try (PreparedStatement ps = c.prepareStatement(COUNTS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(AddressStatus.ofCode(rs.getInt(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    /** The addresses with one of {@code statuses}, by address, at most {@code limit}. */
    public static List<AddressRecord> list(Connection c, List<AddressStatus> statuses, int limit) throws SQLException {
        List<AddressRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LIST)) {
            ps.setArray(1, c.createArrayOf("INTEGER", statuses.stream().map(AddressStatus::code).toArray()));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private static AddressRecord read(ResultSet rs) throws SQLException {
        return new AddressRecord(rs.getString(1), AddressStatus.ofCode(rs.getInt(2)), rs.getInt(3),
                instant(rs.getObject(4, OffsetDateTime.class)), rs.getString(5), rs.getInt(6),
                instant(rs.getObject(7, OffsetDateTime.class)), instant(rs.getObject(8, OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
