package io.sluice.history;

import io.sluice.flowcontrol.FlowEvent;
import io.sluice.flowcontrol.FlowEventListener;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes every flow-control event this instance decided to {@code SluiceFlowEvent} (one only followed from another
 * instance is stored by that one). {@link #onEvent} only puts the event on a bounded queue (never blocks the
 * aggregator or a sender thread); one daemon thread writes the queue in JDBC batches of
 * at most {@code batchSize}. When the queue is full (the database is down or slow) the oldest event is dropped
 * and counted; a warning with the count is logged at most once per {@code warnEvery}. A batch that fails is put
 * back at the head of the queue and tried again after a pause that grows up to 30 s.
 */
public final class FlowEventStore extends ServiceSupport implements FlowEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(FlowEventStore.class);
    static final String INSERT = "INSERT INTO SluiceFlowEvent (tsEvent, sInstance, sDomain, sKind, sFromState, sToState,"
            + " dFromRate, dToRate, sCause, tsUntil) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final String instance;
    private final int batchSize;
    private final Duration warnEvery;
    private final LinkedBlockingDeque<FlowEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private volatile long droppedAtLastWarning;
    private volatile long lastWarningNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile Thread writer;
    private volatile boolean running;

    public FlowEventStore(DataSource dataSource, String instance, int queueSize, int batchSize, Duration warnEvery) {
        if (queueSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException("sluice.flow-history.queue-size and batch-size must be >= 1");
        }
        this.dataSource = dataSource;
        this.instance = instance;
        this.batchSize = batchSize;
        this.warnEvery = warnEvery;
        this.queue = new LinkedBlockingDeque<>(queueSize);
    }

    @Override
    public void onEvent(FlowEvent event) {
        if (event.followed()) {
            return; // the instance that decided it stored it (sluice.cluster.shared-flow-state)
        }
        while (!queue.offerLast(event)) {
            if (queue.pollFirst() != null) {
                dropped.incrementAndGet();
            }
        }
        warnIfDropped();
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    public long written() {
        return written.get();
    }

    public int queued() {
        return queue.size();
    }

    /** Waits until the queue is empty (tests, shutdown); false on timeout. */
    public boolean flush(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() || busy) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private volatile boolean busy;

    @Override
    protected void doStart() {
        running = true;
        Thread t = new Thread(this::loop, "sluice-flow-history");
        t.setDaemon(true);
        writer = t;
        t.start();
    }

    @Override
    protected void doStop() throws Exception {
        // give the last events a moment, then stop
        flush(Duration.ofSeconds(3));
        running = false;
        Thread t = writer;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
        if (!queue.isEmpty()) {
            LOG.warn("Flow-control history: {} event(s) not written at shutdown", queue.size());
        }
    }

    private void loop() {
        long pauseMillis = 500;
        List<FlowEvent> batch = new ArrayList<>(batchSize);
        while (running) {
            try {
                FlowEvent first = queue.pollFirst(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                busy = true;
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                pauseMillis = 500;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                failedWrites.incrementAndGet();
                // back at the head, oldest first; what does not fit any more is dropped (and counted)
                for (int i = batch.size() - 1; i >= 0; i--) {
                    if (!queue.offerFirst(batch.get(i))) {
                        dropped.incrementAndGet();
                    }
                }
                batch.clear();
                if (System.nanoTime() - lastWarningNanos >= warnEvery.toNanos()) {
                    lastWarningNanos = System.nanoTime();
                    LOG.warn("Flow-control history: cannot write to SluiceFlowEvent ({}); {} event(s) waiting, {} dropped"
                            + " so far; retrying", e.getMessage(), queue.size(), dropped.get());
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pauseMillis = Math.min(30_000, pauseMillis * 2);
            } finally {
                busy = false;
            }
            warnIfDropped();
        }
    }

    private void warnIfDropped() {
        long d = dropped.get();
        if (d > droppedAtLastWarning && System.nanoTime() - lastWarningNanos >= warnEvery.toNanos()) {
            lastWarningNanos = System.nanoTime();
            LOG.warn("Flow-control history: {} event(s) dropped (oldest first) because the queue was full;"
                    + " the database is down or too slow", d);
            droppedAtLastWarning = d;
        }
    }

    private void write(List<FlowEvent> batch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (FlowEvent e : batch) {
                bind(ps, e);
                ps.addBatch();
            }
            ps.executeBatch();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private void bind(PreparedStatement ps, FlowEvent event) throws SQLException {
        ps.setObject(1, time(event.at()));
        ps.setString(2, cut(instance, 128));
        String domain = null;
        String kind;
        String from;
        String to;
        Double fromRate = null;
        Double toRate = null;
        String cause;
        Instant until = null;
        if (event instanceof FlowEvent.StateTransitioned t) {
            domain = t.key();
            kind = FlowEventKind.STATE.name();
            from = t.fromState().name();
            to = t.toState().name();
            fromRate = t.fromRate();
            toRate = t.toRate();
            cause = t.cause();
            until = t.until();
        } else if (event instanceof FlowEvent.RateChanged r) {
            domain = r.key();
            kind = FlowEventKind.RATE.name();
            from = r.state().name();
            to = r.state().name();
            fromRate = r.fromRate();
            toRate = r.toRate();
            cause = r.cause();
        } else {
            FlowEvent.SenderStateChanged s = (FlowEvent.SenderStateChanged) event;
            kind = FlowEventKind.SENDER.name();
            from = s.transition().getFromState().name();
            to = s.transition().getToState().name();
            cause = s.reason();
        }
        ps.setString(3, cut(domain, 255));
        ps.setString(4, kind);
        ps.setString(5, from);
        ps.setString(6, to);
        setDouble(ps, 7, fromRate);
        setDouble(ps, 8, toRate);
        ps.setString(9, cut(cause, 2000));
        ps.setObject(10, until == null ? null : time(until));
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    static OffsetDateTime time(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
