package io.sluice.lifecycle;

import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The unfinished deliveries' states, caps and windows, read from the database at most once per
 * {@code maxAge} (one claim poll) and shared by the claim (which deliveries are outside their window), the
 * per-delivery throttle (the cap) and the check before each send (paused? stopped? window closed?). A cache
 * of at most one poll, never the truth: pause, resume, stop and caps are written to the database, so every
 * instance sees them within one poll.
 */
public final class DeliveryBoard {

    /** What to do with a claimed message of a delivery right before it is sent. */
    public enum Verdict {
        /** Send it. */
        SEND,
        /** Do not send it now (paused, outside its window, no longer running): its row stays Pending, unclaimed. */
        HOLD,
        /** The delivery was stopped: its row becomes Delivery cancelled (7). */
        CANCEL
    }

    /** Header of the claim: ids of deliveries outside their sending window, as ",12,15," ("," for none). */
    public static final String CLOSED_DELIVERIES = "closedDeliveries";
    /** Per-delivery throttle maximum of a delivery without a cap (only reached when a cap is removed meanwhile). */
    public static final int UNCAPPED_PERMITS = 10_000;
    /** Header of the claim: a capped delivery gets at most cap x this many seconds of rows in flight. */
    public static final String CAP_HORIZON_SECONDS = "capHorizonSeconds";

    static final String SELECT = "SELECT d.iDeliveryId, d.iState, c.iMaxRate, c.sWindow FROM NmsDelivery d"
            + " LEFT JOIN SluiceDeliveryControl c ON c.iDeliveryId = d.iDeliveryId"
            + " WHERE d.iState IN (51, 55, 61, 62, 71, 72, 75, 85)";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBoard.class);
    /** A delivery the cache does not know (started since it was read) makes it read again, at most this often. */
    private static final Duration UNKNOWN_RELOAD = Duration.ofMillis(100);

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration maxAge;
    private final SendingWindow globalWindow;
    private final int capHorizonSeconds;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Instant.MIN);
    private final java.util.concurrent.locks.ReentrantLock reading = new java.util.concurrent.locks.ReentrantLock();
    /** Invalid window texts already reported (reported once, not at every read). */
    private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record Snapshot(Map<Long, DeliveryControl> deliveries, Instant readAt) {
    }

    /**
     * @param maxAge            how old the cached states may be (the claim poll interval)
     * @param globalWindow      the window of deliveries without their own (sluice.window.*), or null for always open
     * @param capHorizonSeconds a capped delivery has at most cap x this many rows claimed and not yet sent
     */
    public DeliveryBoard(DataSource dataSource, Clock clock, Duration maxAge, SendingWindow globalWindow,
                         int capHorizonSeconds) {
        if (capHorizonSeconds < 1) {
            throw new IllegalArgumentException("sluice.delivery.cap-horizon must be at least 1s, was " + capHorizonSeconds + "s");
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = maxAge;
        this.globalWindow = globalWindow;
        this.capHorizonSeconds = capHorizonSeconds;
    }

    /** Whether a claimed message of this delivery may be sent now. */
    public Verdict verdict(long deliveryId) {
        DeliveryControl d = lookup(deliveryId);
        Instant now = clock.instant();
        if (d == null) {
            // Created after the last read: the claim took its row, so it was 55/62 then.
            return windowOpen(null, now) ? Verdict.SEND : Verdict.HOLD;
        }
        if (d.state() == DeliveryState.STOPPED) {
            return Verdict.CANCEL;
        }
        return d.state().sendable() && windowOpen(d, now) ? Verdict.SEND : Verdict.HOLD;
    }

    /** The delivery's controls, or null when it is finished or unknown. */
    public DeliveryControl control(long deliveryId) {
        return lookup(deliveryId);
    }

    /** Its own window, else the global one, else null (always open). */
    public SendingWindow windowOf(long deliveryId) {
        DeliveryControl d = lookup(deliveryId);
        return d != null && d.window() != null ? d.window() : globalWindow;
    }

    /** True when the delivery may send at this moment as far as its window goes. */
    public boolean windowOpen(long deliveryId) {
        return windowOpen(lookup(deliveryId), clock.instant());
    }

    /** True when the delivery has a rate cap (its messages pass the per-delivery throttle). */
    public boolean capped(long deliveryId) {
        DeliveryControl d = lookup(deliveryId);
        return d != null && d.maxRate() != null;
    }

    /**
     * Messages per second the delivery may send (the per-delivery throttle's maximum). A cap removed while a
     * message was on its way into the throttle gives {@link #UNCAPPED_PERMITS}: the throttle keeps one object per
     * permit, so "no limit" must stay a modest number.
     */
    public int permits(long deliveryId) {
        DeliveryControl d = lookup(deliveryId);
        return d == null || d.maxRate() == null ? UNCAPPED_PERMITS : d.maxRate();
    }

    /** Stamps the claim's lifecycle parameters: deliveries outside their window, the cap horizon. */
    public void stampClaim(Message message) {
        Instant now = clock.instant();
        // ",12,15," (one named parameter, matched with LIKE: the SQL files use plain :#name parameters only)
        StringBuilder closed = new StringBuilder(",");
        // read at every claim: the rows it takes then belong to deliveries this read knows (their caps apply at once)
        for (DeliveryControl d : fresh(Duration.ZERO).values()) {
            if (!windowOpen(d, now)) {
                closed.append(d.deliveryId()).append(',');
            }
        }
        message.setHeader(CLOSED_DELIVERIES, closed.toString());
        message.setHeader(CAP_HORIZON_SECONDS, capHorizonSeconds);
    }

    private boolean windowOpen(DeliveryControl d, Instant now) {
        if (d != null && d.windowError() != null) {
            return false;
        }
        SendingWindow w = d != null && d.window() != null ? d.window() : globalWindow;
        return w == null || w.isOpen(now);
    }

    /** One delivery; one the cache does not know yet (just started, its cap not seen yet) makes it read again. */
    private DeliveryControl lookup(long deliveryId) {
        DeliveryControl d = fresh().get(deliveryId);
        return d != null ? d : fresh(UNKNOWN_RELOAD).get(deliveryId);
    }

    private Map<Long, DeliveryControl> fresh() {
        return fresh(maxAge);
    }

    private Map<Long, DeliveryControl> fresh(Duration age) {
        Snapshot s = snapshot;
        if (!age.isZero() && Duration.between(s.readAt(), clock.instant()).compareTo(age) < 0) {
            return s.deliveries();
        }
        // One thread reads; sender threads that find a read under way go on with the states they have (older than
        // maxAge by at most one read) instead of queueing behind the database. The claim (age zero) waits for it.
        if (age.isZero()) {
            reading.lock();
        } else if (!reading.tryLock()) {
            return s.deliveries();
        }
        try {
            s = snapshot;
            Instant now = clock.instant();
            if (!age.isZero() && Duration.between(s.readAt(), now).compareTo(age) < 0) {
                return s.deliveries();
            }
            try {
                snapshot = new Snapshot(read(), now);
            } catch (SQLException e) {
                // keep deciding on the last states; the database being away stops sending anyway
                LOG.warn("Cannot read the delivery states (keeping those of {}): {}", s.readAt(), e.getMessage());
                snapshot = new Snapshot(s.deliveries(), now);
            }
            return snapshot.deliveries();
        } finally {
            reading.unlock();
        }
    }

    private Map<Long, DeliveryControl> read() throws SQLException {
        Map<Long, DeliveryControl> m = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                int rate = rs.getInt(3);
                Integer maxRate = rs.wasNull() || rate <= 0 ? null : Math.min(rate, UNCAPPED_PERMITS);
                String spec = rs.getString(4);
                SendingWindow window = null;
                String error = null;
                if (spec != null && !spec.isBlank()) {
                    try {
                        window = SendingWindow.parse(spec);
                    } catch (IllegalArgumentException e) {
                        error = e.getMessage();
                        if (reported.add(id + ":" + spec)) {
                            LOG.warn("Delivery {}: its sending window '{}' is not valid ({}); nothing of it is sent"
                                    + " until it is fixed", id, spec, error);
                        }
                    }
                }
                m.put(id, new DeliveryControl(id, DeliveryState.of(rs.getInt(2)), maxRate, window, error));
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "delivery states (at most " + maxAge.toMillis() + " ms old), global window "
                + (globalWindow == null ? "none" : globalWindow);
    }
}
