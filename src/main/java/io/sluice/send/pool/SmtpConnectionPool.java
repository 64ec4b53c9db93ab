package io.sluice.send.pool;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open SMTP sessions shared by every camel-mail endpoint, one {@link DestinationPool} per destination.
 * A Camel service: {@code start()} starts the idle reaper, {@code stop()} QUITs every connection (busy ones as
 * soon as their send returns) and refuses further sends.
 */
public final class SmtpConnectionPool extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpConnectionPool.class);

    private final SmtpPoolSettings settings;
    private final DestinationLimits limits;
    private final Clock clock;
    private final Predicate<String> siteHeldBack;
    private final Map<Destination, DestinationPool> pools = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private ScheduledExecutorService reaper;

    public SmtpConnectionPool(SmtpPoolSettings settings, Clock clock) {
        this(settings, new DestinationLimits(), clock);
    }

    /** @param limits per-site connection knobs by host:port, applied over {@code settings} */
    public SmtpConnectionPool(SmtpPoolSettings settings, DestinationLimits limits, Clock clock) {
        this(settings, limits, clock, site -> false);
    }

    /**
     * @param siteHeldBack whether flow control holds a site back now (BACKOFF, SUSPENDED, PROBING): its destinations
     *                     then open no connection beyond {@link DestinationLimits#heldBackConnections} and close the
     *                     surplus as sends return ("fewer connections", like PowerMTA's backoff-max-smtp-out)
     */
    public SmtpConnectionPool(SmtpPoolSettings settings, DestinationLimits limits, Clock clock,
                              Predicate<String> siteHeldBack) {
        this.settings = settings;
        this.limits = limits;
        this.clock = clock;
        this.siteHeldBack = siteHeldBack;
    }

    public SmtpPoolSettings settings() {
        return settings;
    }

    /**
     * Sends {@code message} to its recipients over a pooled connection to {@code destination}, opening one with
     * {@code opener} when none is idle. Throws exactly what Angus threw (or {@link ConnectionWaitTimeoutException}).
     */
    public void send(Destination destination, TransportOpener opener, MimeMessage message) throws MessagingException {
        if (stopped) {
            throw new MessagingException("SMTP connection pool is stopped; not sending to " + destination);
        }
        DestinationPool pool = pools.computeIfAbsent(destination, this::newPool);
        if (stopped) {
            pool.close(); // stop() ran meanwhile and may have missed this pool; close() makes borrow refuse
        }
        PooledConnection connection = pool.borrow(opener);
        boolean keep = false;
        try {
            connection.send(message);
            keep = connection.transactions() < pool.settings().messagesPerConnection();
        } catch (MessagingException | RuntimeException e) {
            keep = AfterFailure.sessionSurvives(e) && connection.transactions() < pool.settings().messagesPerConnection();
            connection.resetBeforeNextUse();
            throw e;
        } finally {
            pool.release(connection, keep);
        }
    }

    private DestinationPool newPool(Destination d) {
        SmtpPoolSettings s = limits.apply(d, settings);
        return new DestinationPool(d, s, clock, connectionLimit(d, s));
    }

    private IntSupplier connectionLimit(Destination d, SmtpPoolSettings s) {
        String site = limits.siteOf(d);
        if (site == null) {
            return s::maxConnections;
        }
        int max = s.maxConnections();
        return new HeldBackConnectionLimit(d, site, max, limits.heldBackConnections(d, max), siteHeldBack);
    }

    /**
     * Applies the limits {@link DestinationLimits} holds now to every destination already in use (after
     * {@link DestinationLimits#relimit}, a reloaded policy); connections open stay, a surplus is closed as they come
     * back.
     *
     * @return the destinations whose limits changed
     */
    public int reapplyLimits() {
        int changed = 0;
        for (Map.Entry<Destination, DestinationPool> e : pools.entrySet()) {
            SmtpPoolSettings s = limits.apply(e.getKey(), settings);
            if (!s.equals(e.getValue().settings())) {
                e.getValue().reconfigure(s, connectionLimit(e.getKey(), s));
                changed++;
            }
        }
        return changed;
    }

    /** QUITs connections unused for the idle timeout; the reaper calls this, tests may too. */
    public int closeIdleConnections() {
        var cutoff = clock.instant().minus(settings.idleTimeout());
        int closed = 0;
        for (DestinationPool pool : pools.values()) {
            closed += pool.closeIdleSince(cutoff);
        }
        return closed;
    }

    /** Connections open to {@code destination} now (idle or in use). */
    public int openConnections(Destination destination) {
        DestinationPool pool = pools.get(destination);
        return pool == null ? 0 : pool.openConnections();
    }

    /**
     * The connections of the MX destinations of {@code site} as operators read them, e.g.
     * {@code "smtp://mx1.example:25 2 open, at most 2 of 4 while held back"}, destinations separated by "; "; empty
     * when none was used yet (or the site is a relay's: relays keep their connections whatever the flow state).
     */
    public String siteConnections(String site) {
        StringBuilder sb = new StringBuilder();
        pools.entrySet().stream()
                .filter(e -> site.equals(limits.siteOf(e.getKey())))
                .sorted(java.util.Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    DestinationPool pool = e.getValue();
                    int max = pool.settings().maxConnections();
                    int limit = pool.connectionLimit();
                    sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(' ')
                            .append(pool.openConnections()).append(" open, at most ").append(limit)
                            .append(limit < max ? " of " + max + " while held back" : "");
                });
        return sb.toString();
    }

    @Override
    protected void doStart() {
        stopped = false;
        long period = reaperPeriod(settings.idleTimeout()).toMillis();
        reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-smtp-pool-reaper");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::reapQuietly, period, period, TimeUnit.MILLISECONDS);
        LOG.info("SMTP connection pool started: {} connections per destination, {} messages per connection, idle timeout {}",
                settings.maxConnections(), settings.messagesPerConnection(), settings.idleTimeout());
    }

    @Override
    protected void doStop() throws InterruptedException {
        stopped = true;
        if (reaper != null) {
            reaper.shutdownNow();
            reaper.awaitTermination(5, TimeUnit.SECONDS);
            reaper = null;
        }
        pools.values().forEach(DestinationPool::close);
        pools.clear();
    }

    /** Often enough that a connection outlives its idle timeout by at most a quarter of it (and 1 s). */
    static Duration reaperPeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        Duration period = quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
        return period.toMillis() < 10 ? Duration.ofMillis(10) : period;
    }

    private void reapQuietly() {
        try {
            int n = closeIdleConnections();
            if (n > 0) {
                LOG.debug("Closed {} idle SMTP connection(s)", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Closing idle SMTP connections failed", e); // keep the reaper alive
        }
    }
}
