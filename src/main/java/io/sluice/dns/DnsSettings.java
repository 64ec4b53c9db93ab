package io.sluice.dns;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How Sluice queries DNS ({@code sluice.dns.*}). Immutable and validated: a bad value stops start-up with the
 * key and the value in the message.
 *
 * @param servers resolvers to ask, in order (empty = the system's, from /etc/resolv.conf)
 * @param timeout how long one lookup may take before it is a temporary failure
 * @param cache   whether answers are kept for their TTL (off: every message asks the resolver)
 * @param minTtl  floor of a cached answer's life (also how long a negative answer without SOA is kept)
 * @param maxTtl  ceiling of a cached answer's life (a changed MX is seen at most this late)
 */
public record DnsSettings(List<InetSocketAddress> servers, Duration timeout, boolean cache, Duration minTtl, Duration maxTtl) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MIN_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(1);
    public static final DnsSettings DEFAULTS = new DnsSettings(List.of(), DEFAULT_TIMEOUT, true, DEFAULT_MIN_TTL, DEFAULT_MAX_TTL);

    public DnsSettings {
        servers = List.copyOf(servers);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sluice.dns.timeout must be > 0, was " + timeout);
        }
        if (minTtl == null || minTtl.isNegative()) {
            throw new IllegalArgumentException("sluice.dns.min-ttl must be >= 0, was " + minTtl);
        }
        if (maxTtl == null || maxTtl.compareTo(minTtl) < 0) {
            throw new IllegalArgumentException("sluice.dns.max-ttl must be >= sluice.dns.min-ttl (" + minTtl + "), was " + maxTtl);
        }
    }

    /** A dnsjava resolver asking {@link #servers} (or the system's), with this timeout: one place for every DNS user. */
    public Resolver resolver() {
        Resolver r;
        if (servers.isEmpty()) {
            r = new ExtendedResolver(); // the system's resolvers (resolv.conf)
        } else if (servers.size() == 1) {
            r = new SimpleResolver(servers.get(0));
        } else {
            r = new ExtendedResolver(servers.stream().map(a -> (Resolver) new SimpleResolver(a)).toList());
        }
        r.setTimeout(timeout);
        if (r instanceof ExtendedResolver e) {
            e.setRetries(1); // the timeout is per lookup as configured, not tripled by retries
        }
        return r;
    }

    /**
     * Parses {@code sluice.dns.servers}: comma-separated {@code host}, {@code host:port} or {@code [v6]:port};
     * empty = system resolver.
     */
    public static List<InetSocketAddress> parseServers(String value) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String raw : value.split(",")) {
            String s = raw.trim();
            if (s.isEmpty()) {
                continue;
            }
            String host = s;
            int port = 53;
            try {
                if (s.startsWith("[")) {
                    int end = s.indexOf(']');
                    host = s.substring(1, end);
                    if (s.length() > end + 1) {
                        port = Integer.parseInt(s.substring(end + 2));
                    }
                } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                    host = s.substring(0, s.indexOf(':'));
                    port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
                }
                if (port < 1 || port > 65535 || host.isBlank()) {
                    throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("sluice.dns.servers must be host[:port] entries separated by commas, was '"
                        + value + "'");
            }
            // resolved now: a resolver named by a host name would itself need DNS
            out.add(new InetSocketAddress(host, port));
        }
        return out;
    }
}
