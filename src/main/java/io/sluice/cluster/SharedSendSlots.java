package io.sluice.cluster;

import io.sluice.diagnosis.ReportSql.Statement;
import io.sluice.flowcontrol.camel.SharedSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Send slots shared by every instance through one PostgreSQL row per site ({@code SluiceSendSlot}, statement
 * {@code reserve-send-slots.sql}): an instance reserves a block of {@code sluice.cluster.slot-block} worth of slots at
 * the site's rate in one statement and hands them out locally, one per admitted message. Blocks of different instances
 * never overlap, so the instances together send a site at its rate, not at N times it. The database's clock is the
 * time base: each block comes back with the database's "now", and the slots are moved onto this JVM's clock by the
 * difference measured at that moment (round trip halved).
 * <ul>
 *   <li>Cost: about one statement per busy site per block (4/s per site at the default 250 ms), whatever the message
 *   rate; a site at 1 msg/s costs one per message.</li>
 *   <li>No catch-up burst: a block starts no earlier than the database's now.</li>
 *   <li>Fail closed: without the database no slot is granted; mail waits (parked) until it answers again.</li>
 *   <li>A slot not used in time (its message was held up, or the rate was cut) is dropped, never sent late.</li>
 * </ul>
 */
public final class SharedSendSlots implements SharedSlots {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSendSlots.class);
    /** How late a slot may still be used: a thread that waited for the block's statement must not lose its slot. */
    private static final long LATE_MICROS = 20_000;
    /** When the database cannot be reached: ask again this much later (the mail is parked meanwhile). */
    private static final Duration RETRY_WITHOUT_DATABASE = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final Statement reserve;
    private final Clock clock;
    private final Duration block;
    private final Duration horizon;
    private final Map<String, SiteSlots> sites = new ConcurrentHashMap<>();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastFailureLog;
    /** JVM micros until which the database is taken for unreachable (its last reservation failed). */
    private volatile long unreachableUntil;
    private long offsetMicros;
    private long offsetRoundTrip = Long.MAX_VALUE;
    private long offsetTakenAt;

    /**
     * @param block   slots reserved per statement, as a span of time at the site's rate (sluice.cluster.slot-block)
     * @param horizon no slot is reserved further ahead than this (sluice.flow.memory-horizon)
     */
    public SharedSendSlots(DataSource dataSource, Path sqlDir, Clock clock, Duration block, Duration horizon)
            throws IOException {
        if (block.isNegative() || block.isZero() || block.compareTo(horizon) > 0) {
            throw new IllegalArgumentException("sluice.cluster.slot-block must be > 0 and at most sluice.flow.memory-horizon ("
                    + horizon + "), was " + block);
        }
        this.dataSource = dataSource;
        this.reserve = Statement.read(file -> Files.readString(sqlDir.resolve(file)), "reserve-send-slots.sql");
        this.clock = clock;
        this.block = block;
        this.horizon = horizon;
    }

    @Override
    public Grant take(String site, double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("a shared slot needs a rate > 0, was " + rate + " for " + site);
        }
        SiteSlots slots = sites.computeIfAbsent(site, k -> new SiteSlots());
        synchronized (slots) {
            long now = micros(clock.instant());
            long spacing = Math.max(1, Math.round(1_000_000 / rate));
            dropped.addAndGet(slots.dropBefore(now - Math.min(LATE_MICROS, spacing / 2)));
            if (slots.remaining > 0) {
                granted.incrementAndGet();
                return Grant.slot(instant(slots.next()));
            }
            if (now < slots.fullUntil) {
                return Grant.comeBackAt(instant(slots.fullUntil));
            }
            if (now < unreachableUntil) { // one wait for a connection per retry period, not one per message
                return Grant.comeBackAt(instant(unreachableUntil));
            }
            return reserve(site, slots, spacing);
        }
    }

    @Override
    public void forget(String site) {
        SiteSlots slots = sites.get(site);
        if (slots != null) {
            synchronized (slots) {
                dropped.addAndGet(slots.dropBefore(Long.MAX_VALUE));
                slots.fullUntil = 0;
            }
        }
    }

    /** Reservation statements run so far (each one is one round trip to the database). */
    public long statements() {
        return statements.get();
    }

    /** Slots handed to messages so far. */
    public long granted() {
        return granted.get();
    }

    /** Reserved slots that were never used (held up past their time, or dropped at a rate cut). */
    public long dropped() {
        return dropped.get();
    }

    /** Reservations that failed (database unreachable): each one parked its message instead of sending it. */
    public long failures() {
        return failures.get();
    }

    private Grant reserve(String site, SiteSlots slots, long spacing) {
        int n = (int) Math.max(1, Math.min(10_000, block.toNanos() / 1000 / spacing));
        long blockMicros = n * spacing;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = reserve.prepare(c, Map.of("site", site, "blockMicros", blockMicros,
                     "horizonMicros", horizon.toNanos() / 1000))) {
            // the round trip that brings the database's now: timed around the statement alone, not the connection
            long before = micros(clock.instant());
            long nextFree;
            boolean ok;
            try (ResultSet rs = ps.executeQuery()) {
                long after = micros(clock.instant());
                statements.incrementAndGet();
                if (!rs.next()) {
                    throw new SQLException("reserve-send-slots.sql returned no row for " + site);
                }
                ok = rs.getBoolean(1);
                nextFree = rs.getLong(2) - offset(rs.getLong(3), before, after);
            }
            if (!ok) {
                slots.fullUntil = nextFree - horizon.toNanos() / 1000; // from then on a block fits the horizon again
                return Grant.comeBackAt(instant(Math.max(slots.fullUntil, before)));
            }
            slots.fill(nextFree - blockMicros, spacing, n);
            granted.incrementAndGet();
            return Grant.slot(instant(slots.next()));
        } catch (SQLException e) {
            failures.incrementAndGet();
            unreachableUntil = micros(clock.instant().plus(RETRY_WITHOUT_DATABASE));
            long now = System.nanoTime();
            if (now - lastFailureLog > Duration.ofSeconds(30).toNanos()) {
                lastFailureLog = now;
                LOG.warn("No send slots for {}: the database did not answer ({}). Nothing is sent beyond the slots"
                        + " already reserved; the mail waits until it answers.", site, e.getMessage());
            }
            return Grant.comeBackAt(instant(unreachableUntil));
        }
    }

    /**
     * The database's clock minus this JVM's, in microseconds, NTP-style: the sample with the shortest round trip of
     * the last minute is kept (a loaded machine's slow round trip would put it off by half of it), and a sample is
     * taken fresh each minute so that drift is followed.
     */
    private synchronized long offset(long databaseNow, long before, long after) {
        long roundTrip = after - before;
        if (roundTrip <= offsetRoundTrip || after - offsetTakenAt > 60_000_000L) {
            offsetMicros = databaseNow - (before + after) / 2;
            offsetRoundTrip = roundTrip;
            offsetTakenAt = after;
        }
        return offsetMicros;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000);
    }

    /** The slots of one site this instance holds: {@code remaining} slots from {@code first}, {@code spacing} apart. */
    private static final class SiteSlots {
        long first;
        long spacing;
        int remaining;
        /** JVM micros before which asking the database again is pointless: its next free slot is beyond the horizon. */
        long fullUntil;

        void fill(long start, long spacing, int n) {
            this.first = start;
            this.spacing = spacing;
            this.remaining = n;
            this.fullUntil = 0;
        }

        long next() {
            long slot = first;
            first += spacing;
            remaining--;
            return slot;
        }

        /** Drops the slots before {@code limit}; returns how many. */
        int dropBefore(long limit) {
            int n = 0;
            while (remaining > 0 && first < limit) {
                first += spacing;
                remaining--;
                n++;
            }
            return n;
        }
    }
}
