package io.sluice.send.pool;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-site connection knobs (domains.yaml {@code maxConnections}, {@code messagesPerConnection}) for the servers
 * the sites' mail goes to. The router records, for each host:port it sends to, the limits of the site it chose
 * it for; the pool reads them when it first opens connections to that host:port. Hosts nobody registered use
 * {@code sluice.smtp.pool.*}.
 *
 * <p>A host:port shared by sites with different limits keeps the limits registered first (first use fixes a
 * destination's pool); give such sites one rollup rule.
 */
public final class DestinationLimits {

    private record Limits(Integer maxConnections, Integer messagesPerConnection) {
    }

    private final Map<String, Limits> byHostPort = new ConcurrentHashMap<>();

    /** Records the limits for {@code host:port}; nulls leave the pool's defaults. First registration wins. */
    public void register(String host, int port, Integer maxConnections, Integer messagesPerConnection) {
        if (maxConnections == null && messagesPerConnection == null) {
            return;
        }
        byHostPort.putIfAbsent(key(host, port), new Limits(maxConnections, messagesPerConnection));
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

    private static String key(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h + ":" + port;
    }
}
