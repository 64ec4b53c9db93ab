package io.sluice.health;

import io.sluice.domains.SmtpTransport;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Check {@code smtp-transports}: every configured transport (the default relay and each domain's {@code transport}
 * in domains.yaml) is probed by {@link SmtpProbe}, all in parallel, each within the health timeout; details list each
 * transport (address, domains, UP/DOWN, last error).
 *
 * <p>Readiness semantics: one unreachable peer is a remote domain's problem that flow control already handles
 * (its mail is retried and held back), so the check stays UP and only names it. It is DOWN only when <em>no</em>
 * transport answers: then nothing can be delivered at all, which is our side's problem (network, relay). Never a
 * liveness check: restarting the process cannot bring a peer back.
 *
 * <p>Cached: a transport is probed at most once per {@code interval} however often the endpoint is scraped, so
 * remote MX hosts do not see a connection per scrape.
 */
public final class SmtpTransportsHealthCheck extends AbstractHealthCheck {

    public static final String ID = "smtp-transports";

    private final String heloName;
    private final Duration timeout;
    private final Duration interval;
    private final Clock clock;
    private final Map<SmtpTransport, TransportStatus> statuses = new LinkedHashMap<>();

    /**
     * @param transports every transport with the domains routed to it (DomainPolicies.transports())
     * @param heloName   name announced in EHLO
     * @param timeout    limit of one probe (connect, each reply)
     * @param interval   a transport's result is reused this long before it is probed again (0 = every call)
     */
    public SmtpTransportsHealthCheck(Map<SmtpTransport, List<String>> transports, String heloName, Duration timeout,
                                     Duration interval, Clock clock) {
        super("sluice", ID);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sluice.health.timeout must be > 0, was " + timeout);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("sluice.health.smtp.interval must be >= 0, was " + interval);
        }
        this.heloName = heloName;
        this.timeout = timeout;
        this.interval = interval;
        this.clock = clock;
        transports.forEach((t, domains) -> statuses.put(t, TransportStatus.unknown(t, domains)));
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<TransportStatus> now = refresh();
        List<Map<String, Object>> details = new ArrayList<>();
        List<String> down = new ArrayList<>();
        int up = 0;
        for (TransportStatus s : now) {
            details.add(s.toMap());
            if (Boolean.TRUE.equals(s.up())) {
                up++;
            } else {
                down.add(s.address() + " (" + s.lastError() + ")");
            }
        }
        builder.detail("transports", details).detail("transports.up", up).detail("transports.down", down.size());
        if (now.isEmpty()) {
            builder.up().message("no SMTP transport configured");
        } else if (up == 0) {
            builder.down().message("no SMTP transport reachable: " + String.join(", ", down));
        } else if (down.isEmpty()) {
            builder.up().message(up + " of " + now.size() + " SMTP transports reachable");
        } else {
            // still ready: flow control holds back the unreachable peers' mail
            builder.up().message(up + " of " + now.size() + " SMTP transports reachable; down: " + String.join(", ", down));
        }
    }

    /** Probes the transports whose result is older than the interval (in parallel) and returns every status. */
    private synchronized List<TransportStatus> refresh() {
        Instant start = clock.instant();
        Map<SmtpTransport, Future<String>> probes = new LinkedHashMap<>();
        statuses.forEach((t, s) -> {
            if (s.checkedAt() == null || !s.checkedAt().plus(interval).isAfter(start)) {
                probes.put(t, TimedHealthCheck.PROBES.submit(() -> SmtpProbe.probe(t, heloName, timeout)));
            }
        });
        // connect + greeting + EHLO each have the timeout; the whole round gets the sum and a little slack
        long deadline = System.nanoTime() + timeout.multipliedBy(3).plusMillis(500).toNanos();
        probes.forEach((t, f) -> {
            TransportStatus s = statuses.get(t);
            Instant at = clock.instant();
            try {
                String what = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                statuses.put(t, s.reachable(what, at));
            } catch (TimeoutException e) {
                f.cancel(true);
                statuses.put(t, s.unreachable("no answer within " + timeout.multipliedBy(3).toMillis() + " ms", at));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                statuses.put(t, s.unreachable(cause.getClass().getSimpleName() + ": " + cause.getMessage(), at));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                statuses.put(t, s.unreachable("interrupted", at));
            }
        });
        return List.copyOf(statuses.values());
    }
}
