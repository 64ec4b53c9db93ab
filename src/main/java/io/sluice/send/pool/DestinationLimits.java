package io.sluice.send.pool;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-site connection knobs (domains.yaml {@code maxConnections}, {@code messagesPerConnection},
 * {@code backoffMaxConnections}) for the servers the sites' mail goes to. The router records, for each host:port it
 * sends to, the site it chose it for and that site's limits; the pool reads them when it first opens connections to
 * that host:port, and asks for the site's flow-control state before each new connection. Hosts nobody registered use
 * {@code sluice.smtp.pool.*} and belong to no site.
 *
 * <p>A host:port shared by sites with different limits keeps the site and limits registered first (first use fixes a
 * destination's pool); give such sites one rollup rule.
 */
public final class DestinationLimits {

    private record Limits(String policyKey, String site, Integer maxConnections, Integer messagesPerConnection,
                          Integer backoffMaxConnections) {
        boolean limitsNothing() {
            return site == null && maxConnections == null && messagesPerConnection == null
                    && backoffMaxConnections == null;
        }
    }

    /** A site's connection knobs as the policy gives them (nulls: the pool's defaults). */
    public record Knobs(Integer maxConnections, Integer messagesPerConnection, Integer backoffMaxConnections) {
    }

    private final Map<String, Limits> byHostPort = new ConcurrentHashMap<>();

    /**
     * Records the site {@code host:port} serves and its limits; nulls leave the pool's defaults (and the held-back
     * limit at half the connections). First registration wins.
     */
    public void register(String host, int port, String site, Integer maxConnections, Integer messagesPerConnection,
                         Integer backoffMaxConnections) {
        register(host, port, site, site, maxConnections, messagesPerConnection, backoffMaxConnections);
    }

    /**
     * As {@link #register(String, int, String, Integer, Integer, Integer)}, remembering {@code policyKey}, the key the
     * limits were looked up by (a relay's domain, an MX site), so that {@link #relimit} can look them up again.
     */
    public void register(String host, int port, String policyKey, String site, Integer maxConnections,
                         Integer messagesPerConnection, Integer backoffMaxConnections) {
        Limits l = new Limits(policyKey, site, maxConnections, messagesPerConnection, backoffMaxConnections);
        // an entry that limits nothing gives way to the first that does
        byHostPort.merge(key(host, port), l, (old, added) -> old.limitsNothing() ? added : old);
    }

    /**
     * Looks every registered destination's limits up again (a reloaded policy): its site stays, its knobs are what
     * {@code policy} says for the key it was registered under. The pool applies them with
     * {@link SmtpConnectionPool#reapplyLimits()}.
     */
    public void relimit(java.util.function.Function<String, Knobs> policy) {
        byHostPort.replaceAll((hostPort, l) -> {
            if (l.policyKey() == null) {
                return l;
            }
            Knobs k = policy.apply(l.policyKey());
            return new Limits(l.policyKey(), l.site(), k.maxConnections(), k.messagesPerConnection(),
                    k.backoffMaxConnections());
        });
    }

    /** The pool settings for {@code destination}: {@code base} with the registered limits applied. */
    public SmtpPoolSettings apply(Destination destination, SmtpPoolSettings base) {
        Limits l = byHostPort.get(key(destination.host(), destination.port()));
        if (l == null) {
            return base;
        }
        return new SmtpPoolSettings(l.maxConnections() != null ? l.maxConnections() : base.maxConnections(),
                l.messagesPerConnection() != null ? l.messagesPerConnection() : base.messagesPerConnection(),
                base.idleTimeout(), base.borrowTimeout());
    }

    /** The flow-control site {@code destination} was registered for, or null. */
    public String siteOf(Destination destination) {
        Limits l = byHostPort.get(key(destination.host(), destination.port()));
        return l == null ? null : l.site();
    }

    /**
     * Connections allowed to {@code destination} while its site is held back: the site's
     * {@code backoffMaxConnections} (never above {@code maxConnections}), else half of {@code maxConnections}, at
     * least 1.
     */
    public int heldBackConnections(Destination destination, int maxConnections) {
        Limits l = byHostPort.get(key(destination.host(), destination.port()));
        Integer explicit = l == null ? null : l.backoffMaxConnections();
        return explicit != null ? Math.min(explicit, maxConnections) : Math.max(1, maxConnections / 2);
    }

    private static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h + ":" + port;
    }
}
