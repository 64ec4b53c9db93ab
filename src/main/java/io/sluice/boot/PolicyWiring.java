package io.sluice.boot;

import io.sluice.domains.SiteLimits;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.policy.LivePolicy;
import io.sluice.send.pool.DestinationLimits;
import io.sluice.send.pool.SmtpConnectionPool;

import java.time.Duration;

/**
 * The live policy (sluice.domains.reload*): what a reloaded domains.yaml is applied to besides the readers that ask
 * the bean {@code livePolicy} at each use (routing, AUTH, TLS, hourly quotas, reply-rule checks of the result writer
 * and quarantine): flow control (per-site configs and rules; each site keeps its state), the DKIM keys and the SMTP
 * pool's per-site limits. The route policy-reload (routes/policy.camel.yaml) checks the files.
 */
final class PolicyWiring {

    /** The route's placeholders (routes/policy.camel.yaml). */
    static final String RELOAD = "sluice.domains.reload";
    static final String RELOAD_MILLIS = "sluice.domains.reload-interval-millis";
    /** Reading a few small files more often than this is pointless. */
    private static final long MIN_INTERVAL_MILLIS = 200;

    private PolicyWiring() {
    }

    static void wire(Wiring w, RoutingWiring routing, FlowControlRegistry flowControl) {
        LivePolicy policy = routing.policy();
        DestinationLimits limits = routing.destinationLimits();
        policy.addListener((previous, current, diff) -> {
            flowControl.reconfigure(current.flow());
            routing.dkim().replaceKeys(current.dkim());
            limits.relimit(key -> {
                SiteLimits l = current.policies().limitsFor(key);
                return new DestinationLimits.Knobs(l.maxConnections(), l.messagesPerConnection(),
                        l.backoffMaxConnections());
            });
            // looked up now: absent with sluice.smtp.pool.enabled=false
            SmtpConnectionPool pool = w.registry.lookupByNameAndType(SmtpWiring.POOL, SmtpConnectionPool.class);
            int changed = pool == null ? 0 : pool.reapplyLimits();
            if (changed > 0) {
                Wiring.LOG.info("Policy {}: new connection limits for {} SMTP destination(s)", current.shortHash(),
                        changed);
            }
        });
        Duration interval = w.duration("sluice.domains.reload-interval");
        if (interval.toMillis() < MIN_INTERVAL_MILLIS) {
            throw new IllegalArgumentException("sluice.domains.reload-interval must be at least " + MIN_INTERVAL_MILLIS
                    + "ms, was " + interval);
        }
        Duration window = flowControl.getDefaultConfig().getWindow();
        if (w.flag(RELOAD) && interval.multipliedBy(2).compareTo(window) > 0) {
            // a change is applied after two reads that agree: within 2 intervals
            Wiring.LOG.warn("sluice.domains.reload-interval {} is more than half the flow-control window {}: a changed"
                    + " domains.yaml may take longer than one window to apply", interval, window);
        }
        w.derive(RELOAD_MILLIS, String.valueOf(interval.toMillis()));
        // normalised (True -> true) for the route's autoStartup
        w.derive(RELOAD, String.valueOf(w.flag(RELOAD)));
    }
}
