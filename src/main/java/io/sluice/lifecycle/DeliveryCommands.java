package io.sluice.lifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;

/**
 * The operator's commands on one delivery (the per-delivery MBean calls them). Each one only writes the
 * database, exactly as the campaign platform would: the lifecycle route and every instance act on what is
 * written, so Hawtio and the platform never disagree. Each returns a sentence saying what happened.
 */
public final class DeliveryCommands {

    static final String PAUSE = "UPDATE NmsDelivery SET iState = 71, tsLastModified = ? WHERE iDeliveryId = ?"
            + " AND iState IN (51, 55, 61, 62)";
    static final String RESUME = "UPDATE NmsDelivery SET iState = 55, tsLastModified = ? WHERE iDeliveryId = ?"
            + " AND iState IN (71, 72, 75)";
    static final String STOP = "UPDATE NmsDelivery SET iState = 85, tsLastModified = ? WHERE iDeliveryId = ?"
            + " AND iState IN (0, 51, 55, 61, 62, 71, 72, 75)";
    static final String UPDATE_CAP = "UPDATE SluiceDeliveryControl SET iMaxRate = ?, tsLastModified = ? WHERE iDeliveryId = ?";
    static final String INSERT_CAP = "INSERT INTO SluiceDeliveryControl (iDeliveryId, iMaxRate, tsLastModified) VALUES (?, ?, ?)";
    static final String UPDATE_WINDOW = "UPDATE SluiceDeliveryControl SET sWindow = ?, tsLastModified = ? WHERE iDeliveryId = ?";
    static final String INSERT_WINDOW = "INSERT INTO SluiceDeliveryControl (iDeliveryId, sWindow, tsLastModified) VALUES (?, ?, ?)";

    private final DataSource dataSource;
    private final Clock clock;

    public DeliveryCommands(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Running (51/55/61/62) -> Pause requested (71); the lifecycle route makes it Paused (75) once drained. */
    public String pause(long deliveryId) throws SQLException {
        return move(deliveryId, DeliveryState.PAUSE_REQUESTED, "51, 55, 61, 62", c -> c.prepareStatement(PAUSE));
    }

    /** Paused or pausing (71/72/75) -> In progress (55): sending goes on where it stopped. */
    public String resume(long deliveryId) throws SQLException {
        return move(deliveryId, DeliveryState.IN_PROGRESS, "71, 72, 75", c -> c.prepareStatement(RESUME));
    }

    /** Any unfinished state -> Stopped (85): its pending rows are cancelled, its parked mail removed. */
    public String stop(long deliveryId) throws SQLException {
        return move(deliveryId, DeliveryState.STOPPED, "0, 51, 55, 61, 62, 71, 72, 75", c -> c.prepareStatement(STOP));
    }

    /** Caps the delivery at this many messages per second (all instances together); 0 or less removes the cap. */
    public String setCap(long deliveryId, int messagesPerSecond) throws SQLException {
        if (messagesPerSecond > DeliveryBoard.UNCAPPED_PERMITS) {
            throw new IllegalArgumentException("a delivery cap must be at most " + DeliveryBoard.UNCAPPED_PERMITS
                    + " msg/s (0 = none), was " + messagesPerSecond);
        }
        Integer cap = messagesPerSecond > 0 ? messagesPerSecond : null;
        upsert(deliveryId, c -> c.prepareStatement(UPDATE_CAP), c -> c.prepareStatement(INSERT_CAP), cap, Types.INTEGER);
        return cap == null ? "delivery " + deliveryId + ": no cap" : "delivery " + deliveryId + ": capped at " + cap + " msg/s";
    }

    /** Gives the delivery its own sending window ('MON-FRI 08:00-21:00 Europe/Paris'); blank = the global one. */
    public String setWindow(long deliveryId, String spec) throws SQLException {
        String window = spec == null || spec.isBlank() ? null : SendingWindow.parse(spec).toString();
        upsert(deliveryId, c -> c.prepareStatement(UPDATE_WINDOW), c -> c.prepareStatement(INSERT_WINDOW), window,
                Types.VARCHAR);
        return "delivery " + deliveryId + ": " + (window == null ? "global sending window" : "sending window " + window);
    }

    /** Prepares one of the constant statements above (SQL is never built from input). */
    @FunctionalInterface
    private interface Statement {
        PreparedStatement prepare(Connection c) throws SQLException;
    }

    private String move(long deliveryId, DeliveryState to, String from, Statement statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = statement.prepare(c)) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setLong(2, deliveryId);
            return ps.executeUpdate() == 1 ? "delivery " + deliveryId + " -> " + to
                    : "delivery " + deliveryId + " not changed: it is not in state " + from;
        }
    }

    private void upsert(long deliveryId, Statement update, Statement insert, Object value, int sqlType) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = update.prepare(c)) {
                ps.setObject(1, value, sqlType);
                ps.setTimestamp(2, now);
                ps.setLong(3, deliveryId);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ps = insert.prepare(c)) {
                ps.setLong(1, deliveryId);
                ps.setObject(2, value, sqlType);
                ps.setTimestamp(3, now);
                ps.executeUpdate();
            }
        }
    }
}
