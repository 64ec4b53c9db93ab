package io.sluice.health;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A readiness check (never liveness: a database outage is no reason to restart the process) whose probe runs
 * with a time limit, so an unreachable server answers DOWN within {@code timeout} instead of hanging the caller.
 */
abstract class TimedHealthCheck extends AbstractHealthCheck {

    /** Shared by every Sluice check (the SMTP check probes its transports in parallel on it). */
    static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sluice-health-probe");
        t.setDaemon(true);
        return t;
    });

    private final Duration timeout;

    TimedHealthCheck(String id, Duration timeout) {
        super("sluice", id);
        this.timeout = timeout;
    }

    /** Returns a short description of what answered (details of an UP result). */
    protected abstract String probe() throws Exception;

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Future<String> f = PROBES.submit((Callable<String>) this::probe);
        try {
            String what = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            builder.up().message(what);
        } catch (TimeoutException e) {
            f.cancel(true);
            builder.down().message("no answer within " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            builder.down().message(cause.getClass().getSimpleName() + ": " + cause.getMessage()).error(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted");
        }
    }
}
