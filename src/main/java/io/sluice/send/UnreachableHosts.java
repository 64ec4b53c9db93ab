package io.sluice.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MX hosts this instance could not connect to lately, skipped for a while when a message picks its MX host.
 *
 * <p>Why: when the lowest-preference MX host of a site is down, each message would otherwise first wait for its
 * connection to fail (up to {@code sluice.smtp.connect-timeout} for a host that does not answer) before the next host
 * is tried. As Postfix does with a dead host, a host that could not be connected to is skipped by the following
 * messages for {@code sluice.smtp.mx-unreachable-for-seconds}; then one message tries it again. When every MX host of
 * a domain is marked, the first one is tried anyway (the marks may be stale; the message's own failover still runs).
 *
 * <p>Kept in memory on purpose: it is a per-instance hint about the network as this instance sees it, and losing it in
 * a restart costs one failed connection per host.
 */
public final class UnreachableHosts {

    private static final Logger LOG = LoggerFactory.getLogger(UnreachableHosts.class);

    private final Clock clock;
    private final Duration skipFor;
    private final Map<String, Instant> skippedUntil = new ConcurrentHashMap<>();

    /** @param skipFor how long a host that could not be connected to is skipped; zero turns skipping off */
    public UnreachableHosts(Clock clock, Duration skipFor) {
        if (skipFor.isNegative()) {
            throw new IllegalArgumentException("sluice.smtp.mx-unreachable-for-seconds must be >= 0, was " + skipFor.toSeconds());
        }
        this.clock = clock;
        this.skipFor = skipFor;
    }

    /** {@code hostPort} ({@code address:port}) could not be connected to just now. */
    public void markUnreachable(String hostPort) {
        if (skipFor.isZero()) {
            return;
        }
        Instant now = clock.instant();
        skippedUntil.values().removeIf(until -> !until.isAfter(now)); // rare (a failed connection): keeps the map small
        if (skippedUntil.put(hostPort, now.plus(skipFor)) == null) {
            // once per host and skip period: the operator's sign that a receiver (or our network path to it) is down
            LOG.warn("MX host {} could not be connected to: skipped for {} s while its domains' other MX hosts take the mail",
                    hostPort, skipFor.toSeconds());
        }
    }

    /** The hosts skipped now ({@code address:port}), each with the end of its skip period, in host order. */
    public SortedMap<String, Instant> skippedNow() {
        Instant now = clock.instant();
        SortedMap<String, Instant> skipped = new TreeMap<>();
        skippedUntil.forEach((host, until) -> {
            if (until.isAfter(now)) {
                skipped.put(host, until);
            }
        });
        return skipped;
    }

    /** Whether {@code hostPort} failed to connect less than the skip period ago. */
    public boolean skipped(String hostPort) {
        Instant until = skippedUntil.get(hostPort);
        return until != null && until.isAfter(clock.instant());
    }
}
