package io.sluice.send.pool;

import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The connections of one destination: at most {@code maxConnections} open (idle, in use or being opened), or fewer
 * while its site is held back by flow control (the limit is read at each borrow and release: no new connection
 * beyond it, and a connection coming back while more than it are open is closed).
 * Idle connections are reused most-recently-used first, so surplus ones age and the reaper closes them.
 * Connecting, sending and closing happen outside the lock.
 */
final class DestinationPool {

    private final Destination destination;
    /** Swapped together by {@link #reconfigure} (a reloaded policy); read once per borrow or send. */
    private volatile SmtpPoolSettings settings;
    private final Clock clock;
    private volatile IntSupplier connectionLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private final Deque<PooledConnection> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    /** @param connectionLimit connections allowed now, at most {@code settings.maxConnections()} */
    DestinationPool(Destination destination, SmtpPoolSettings settings, Clock clock, IntSupplier connectionLimit) {
        this.destination = destination;
        this.settings = settings;
        this.clock = clock;
        this.connectionLimit = connectionLimit;
    }

    /**
     * An idle connection that passed its reuse check, or a new one from {@code opener}.
     *
     * @throws ConnectionWaitTimeoutException when every connection stayed busy for the borrow timeout
     * @throws MessagingException             what {@code opener} threw (refused, 421 greeting...) or pool stopped
     */
    PooledConnection borrow(TransportOpener opener) throws MessagingException {
        long deadline = System.nanoTime() + settings.borrowTimeout().toNanos();
        while (true) {
            int limit = connectionLimit.getAsInt(); // read outside the lock: it asks flow control
            PooledConnection reused = idleOrReserveSlot(deadline, limit);
            if (reused == null) {
                return openNew(opener);
            }
            if (reused.readyForReuse(clock.instant()) && !overLimit(limit)) {
                return reused;
            }
            discard(reused); // stale, or surplus since the site was held back
        }
    }

    /** Returns a connection after use: back to idle when {@code keep}, else QUIT and its slot freed. */
    void release(PooledConnection connection, boolean keep) {
        connection.usedAt(clock.instant());
        int limit = connectionLimit.getAsInt(); // read outside the lock: it asks flow control
        lock.lock();
        try {
            if (keep && !closed && open <= limit) {
                idle.push(connection);
                slotFreed.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        discard(connection);
    }

    /** Closes the connections idle since {@code cutoff} or earlier. */
    int closeIdleSince(Instant cutoff) {
        List<PooledConnection> expired = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<PooledConnection> it = idle.descendingIterator(); it.hasNext(); ) {
                PooledConnection c = it.next();
                if (!c.idleSince(cutoff)) {
                    break; // the rest were used more recently
                }
                it.remove();
                expired.add(c);
            }
        } finally {
            lock.unlock();
        }
        // closed before their slots are freed (see discard)
        expired.forEach(this::discard);
        return expired.size();
    }

    /** Refuses further borrows and QUITs the idle connections; busy ones are closed when released. */
    void close() {
        List<PooledConnection> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
            open -= toClose.size();
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
        toClose.forEach(PooledConnection::close);
    }

    /**
     * New limits from the next borrow on (a reloaded policy): a lower limit closes the surplus as connections come
     * back, a higher one lets waiting senders open more.
     */
    void reconfigure(SmtpPoolSettings newSettings, IntSupplier newLimit) {
        lock.lock();
        try {
            this.settings = newSettings;
            this.connectionLimit = newLimit;
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The limits of this destination (the pool's, with the site's knobs applied). */
    SmtpPoolSettings settings() {
        return settings;
    }

    /** Connections allowed now (fewer while the destination's site is held back). */
    int connectionLimit() {
        return connectionLimit.getAsInt();
    }

    /** Connections open now, idle or in use. */
    int openConnections() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** More connections open than {@code limit} (the site was held back since they were opened). */
    private boolean overLimit(int limit) {
        lock.lock();
        try {
            return open > limit;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param limit the connections allowed, read before the lock (it asks flow control; a change while this waits is
     *              seen by the next borrow, and a surplus is closed on release)
     * @return an idle connection, or null when a slot for a new one was reserved (open was incremented)
     */
    private PooledConnection idleOrReserveSlot(long deadline, int limit) throws MessagingException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new MessagingException("SMTP connection pool is stopped; not sending to " + destination);
                }
                PooledConnection c = idle.poll();
                if (c != null) {
                    return c;
                }
                if (open < limit) {
                    open++;
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ConnectionWaitTimeoutException(destination, limit, settings.borrowTimeout().toMillis());
                }
                slotFreed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("Interrupted waiting for an SMTP connection to " + destination, e);
        } finally {
            lock.unlock();
        }
    }

    private PooledConnection openNew(TransportOpener opener) throws MessagingException {
        try {
            return new PooledConnection(opener.open(), destination, clock.instant());
        } catch (MessagingException | RuntimeException | Error e) {
            freeSlot();
            throw e;
        }
    }

    private void discard(PooledConnection connection) {
        // QUIT first, then free the slot: the receiver must never see max-connections + 1 sessions
        try {
            connection.close();
        } finally {
            freeSlot();
        }
    }

    private void freeSlot() {
        lock.lock();
        try {
            open--;
            slotFreed.signal();
        } finally {
            lock.unlock();
        }
    }
}
