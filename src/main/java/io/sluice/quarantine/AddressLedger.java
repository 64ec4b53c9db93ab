package io.sluice.quarantine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies {@link AddressEvent}s to the addresses' quarantine records (NmsAddress) inside the caller's transaction,
 * so that a bounce's broadlog update and its quarantine effect commit together or not at all.
 */
public interface AddressLedger {

    void record(Connection connection, List<AddressEvent> events) throws SQLException;
}
