package io.sluice.smtpsim;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Live counters of a {@link SmtpSimulator}. All methods are thread-safe; per-domain lookups take
 * the domain in any case. Counters keep advancing when the message capture is full, so load
 * tests can count without holding messages in memory.
 */
public final class SimulatorCounters {

    /** Per-domain tallies; LongAdder because many session threads hit the same domain at once. */
    private static final class DomainTally {
        final LongAdder acceptedMessages = new LongAdder();
        final LongAdder acceptedRecipients = new LongAdder();
        final LongAdder rejectedRecipients = new LongAdder();
        final LongAdder deferredRecipients = new LongAdder();
    }

    /** Answers reads for domains never seen, without creating map entries. */
    private static final DomainTally EMPTY = new DomainTally();

    private final Map<String, DomainTally> domains = new ConcurrentHashMap<>();
    private final AtomicLong sessionsOpened = new AtomicLong();
    private final AtomicLong sessionsRefused = new AtomicLong();
    private final AtomicLong droppedConnections = new AtomicLong();
    private final AtomicInteger currentSessions = new AtomicInteger();
    private final AtomicInteger maxConcurrentSessions = new AtomicInteger();
    private final AtomicLong acceptedMessages = new AtomicLong();

    // Wakes awaitAcceptedMessages; only signalled while someone waits, to keep the hot path lock-free.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition acceptedChanged = lock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();

    SimulatorCounters() {
    }

    /** Connections that reached the simulator, including refused ones. */
    public long sessionsOpened() {
        return sessionsOpened.get();
    }

    /** Connections answered with the configured refusal greeting instead of {@code 220}. */
    public long sessionsRefused() {
        return sessionsRefused.get();
    }

    /** Sessions open right now (refused connections are never counted as open). */
    public int currentSessions() {
        return currentSessions.get();
    }

    /** The highest number of simultaneously open sessions since start or {@link #reset()}. */
    public int maxConcurrentSessions() {
        return maxConcurrentSessions.get();
    }

    /** Connections the simulator closed on purpose (drop behaviours). */
    public long droppedConnections() {
        return droppedConnections.get();
    }

    /** Messages whose {@code DATA} was answered {@code 250}, over all domains. */
    public long acceptedMessages() {
        return acceptedMessages.get();
    }

    /** Accepted messages with at least one accepted recipient in {@code domain}. */
    public long acceptedMessages(String domain) {
        return read(domain).acceptedMessages.sum();
    }

    /** Recipients of {@code domain} answered {@code 250} at {@code RCPT TO}. */
    public long acceptedRecipients(String domain) {
        return read(domain).acceptedRecipients.sum();
    }

    /** Recipients of {@code domain} answered with a 5xx reply. */
    public long rejectedRecipients(String domain) {
        return read(domain).rejectedRecipients.sum();
    }

    /** Recipients of {@code domain} answered with a 4xx reply (deferrals and rate limiting). */
    public long deferredRecipients(String domain) {
        return read(domain).deferredRecipients.sum();
    }

    /**
     * Waits until at least {@code n} messages have been accepted since start or the last reset.
     *
     * @return true when reached, false on timeout or interruption (the interrupt flag is kept)
     */
    public boolean awaitAcceptedMessages(long n, Duration timeout) {
        lock.lock();
        waiters.incrementAndGet();
        try {
            long remaining = timeout.toNanos();
            while (acceptedMessages.get() < n) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = acceptedChanged.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiters.decrementAndGet();
            lock.unlock();
        }
    }

    /** Zeroes every counter; sessions open right now stay counted as current. */
    public void reset() {
        domains.clear();
        sessionsOpened.set(0);
        sessionsRefused.set(0);
        droppedConnections.set(0);
        acceptedMessages.set(0);
        maxConcurrentSessions.set(currentSessions.get());
    }

    @Override
    public String toString() {
        return "SimulatorCounters[sessionsOpened=" + sessionsOpened + ", maxConcurrentSessions="
                + maxConcurrentSessions + ", acceptedMessages=" + acceptedMessages
                + ", droppedConnections=" + droppedConnections + "]";
    }

    // ---- recording, called by the session threads ----

    void sessionOpened() {
        sessionsOpened.incrementAndGet();
    }

    void sessionRefused() {
        sessionsRefused.incrementAndGet();
    }

    void sessionStarted() {
        int now = currentSessions.incrementAndGet();
        maxConcurrentSessions.accumulateAndGet(now, Math::max);
    }

    void sessionEnded() {
        currentSessions.decrementAndGet();
    }

    void connectionDropped() {
        droppedConnections.incrementAndGet();
    }

    void recipientAccepted(String domain) {
        tally(domain).acceptedRecipients.increment();
    }

    void recipientRefused(String domain, SimulatedReply reply) {
        DomainTally tally = tally(domain);
        (reply.isTransient() ? tally.deferredRecipients : tally.rejectedRecipients).increment();
    }

    void messageAccepted(Collection<String> recipientDomains) {
        for (String domain : recipientDomains) {
            tally(domain).acceptedMessages.increment();
        }
        acceptedMessages.incrementAndGet();
        // Read after the increment: a waiter registers before reading the count, so one side sees the other.
        if (waiters.get() > 0) {
            lock.lock();
            try {
                acceptedChanged.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private DomainTally tally(String domain) {
        return domains.computeIfAbsent(domain, d -> new DomainTally());
    }

    private DomainTally read(String domain) {
        DomainTally tally = domains.get(BehaviourTable.normalise(domain));
        return tally != null ? tally : EMPTY;
    }
}
