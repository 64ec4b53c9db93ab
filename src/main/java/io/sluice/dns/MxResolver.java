package io.sluice.dns;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks up the mail hosts of a domain and the addresses of a host, with a TTL cache.
 *
 * <p>MX records come lowest preference first; with no MX the domain's own A/AAAA record is the mail host; a null
 * MX ({@code MX 0 .}) or NXDOMAIN is permanent; SERVFAIL, REFUSED and timeouts are temporary and never cached
 * (the next message asks again). Positive answers live for their smallest record TTL, negative ones for the SOA
 * minimum (RFC 2308), both clamped to [minTtl, maxTtl]. Time comes from the injected clock.
 *
 * <p>Thread-safe: several sender threads may look up the same name at once (both ask; the later answer wins the
 * cache, which is harmless).
 */
public final class MxResolver {

    private static final Logger LOG = LoggerFactory.getLogger(MxResolver.class);

    /** Cached names at most; beyond, the cache is emptied (bounded memory whatever the number of domains). */
    static final int MAX_CACHED = 100_000;

    private final Resolver resolver;
    private final DnsSettings settings;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MxResolver(DnsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.resolver = settings.resolver();
    }


    /** The domain's mail hosts in the order to try them. */
    public MxHosts mailHosts(String domain) throws DnsLookupException {
        return (MxHosts) cached("MX " + domain, () -> lookupMx(domain));
    }

    /**
     * An address of {@code host} (A first, then AAAA).
     *
     * @throws DnsLookupException temporary when the host has no address: the domain is fine, its MX host is not
     */
    public InetAddress address(String host) throws DnsLookupException {
        return (InetAddress) cached("A " + host, () -> lookupAddress(host));
    }

    /** Forgets every cached answer (operators, tests). */
    public void clearCache() {
        cache.clear();
    }

    private Object cached(String key, Lookup lookup) throws DnsLookupException {
        Instant now = clock.instant();
        if (settings.cache()) {
            Cached c = cache.get(key);
            if (c != null && c.expires().isAfter(now)) {
                if (c.failure() != null) {
                    throw c.failure();
                }
                return c.value();
            }
        }
        Answer answer;
        try {
            answer = lookup.run();
        } catch (DnsLookupException e) {
            if (settings.cache() && e.permanent()) {
                store(key, new Cached(null, e, now.plus(clamp(negativeTtl(e)))));
            }
            throw e;
        }
        if (settings.cache()) {
            store(key, new Cached(answer.value(), null, now.plus(clamp(answer.ttl()))));
        }
        return answer.value();
    }

    private void store(String key, Cached c) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, c);
    }

    private Duration clamp(Duration ttl) {
        if (ttl.compareTo(settings.minTtl()) < 0) {
            return settings.minTtl();
        }
        return ttl.compareTo(settings.maxTtl()) > 0 ? settings.maxTtl() : ttl;
    }

    private Answer lookupMx(String domain) throws DnsLookupException {
        Message response = query(domain, Type.MX);
        List<MXRecord> mx = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            ttl = Math.min(ttl, r.getTTL()); // CNAMEs on the way count too
            if (r instanceof MXRecord m) {
                mx.add(m);
            }
        }
        if (!mx.isEmpty()) {
            List<MXRecord> real = mx.stream().filter(m -> !m.getTarget().equals(Name.root)).toList();
            if (real.isEmpty()) {
                throw withNegativeTtl(new DnsLookupException(DnsLookupException.Kind.NULL_MX, domain,
                        "Domain " + domain + " accepts no mail (null MX, RFC 7505)", null), Duration.ofSeconds(ttl));
            }
            List<String> hosts = real.stream()
                    .sorted(Comparator.comparingInt(MXRecord::getPriority).thenComparing(m -> hostName(m.getTarget())))
                    .map(m -> hostName(m.getTarget()))
                    .distinct()
                    .toList();
            return new Answer(new MxHosts(domain, hosts, false), Duration.ofSeconds(ttl));
        }
        // NODATA for MX: the domain itself is the mail host if it has an address (RFC 5321 5.1)
        try {
            Answer a = lookupAddress(domain);
            return new Answer(new MxHosts(domain, List.of(hostName(name(domain))), true), a.ttl());
        } catch (DnsLookupException e) {
            if (e.kind() == DnsLookupException.Kind.NO_MAIL_HOST) {
                throw withNegativeTtl(new DnsLookupException(DnsLookupException.Kind.NO_MAIL_HOST, domain,
                        "Domain " + domain + " has neither MX nor address records", null), negativeTtl(response));
            }
            throw e;
        }
    }

    private Answer lookupAddress(String host) throws DnsLookupException {
        Message response = query(host, Type.A);
        List<Record> records = response.getSection(Section.ANSWER);
        for (int type : new int[] {Type.A, Type.AAAA}) {
            if (type == Type.AAAA) {
                response = query(host, Type.AAAA);
                records = response.getSection(Section.ANSWER);
            }
            long ttl = Long.MAX_VALUE;
            InetAddress first = null;
            for (Record r : records) {
                ttl = Math.min(ttl, r.getTTL());
                if (first == null && r instanceof ARecord a) {
                    first = a.getAddress();
                } else if (first == null && r instanceof AAAARecord a) {
                    first = a.getAddress();
                }
            }
            if (first != null) {
                return new Answer(first, Duration.ofSeconds(ttl));
            }
        }
        throw withNegativeTtl(new DnsLookupException(DnsLookupException.Kind.NO_MAIL_HOST, host,
                "No address (A/AAAA) for " + host, null), negativeTtl(response));
    }

    /**
     * One query. NXDOMAIN is permanent; SERVFAIL, REFUSED, other error codes and I/O errors (timeout) are
     * temporary; NOERROR is returned, with or without answers.
     */
    private Message query(String domain, int type) throws DnsLookupException {
        Name name = name(domain);
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            LOG.debug("DNS {} {} failed: {}", Type.string(type), domain, e.toString());
            throw new DnsLookupException(DnsLookupException.Kind.TEMPORARY, domain,
                    "DNS lookup of " + Type.string(type) + " " + domain + " failed (temporary): " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            throw withNegativeTtl(new DnsLookupException(DnsLookupException.Kind.NO_SUCH_DOMAIN, domain,
                    "Domain " + domain + " does not exist (NXDOMAIN)", null), negativeTtl(response));
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsLookupException(DnsLookupException.Kind.TEMPORARY, domain,
                    "DNS lookup of " + Type.string(type) + " " + domain + " failed (temporary): " + Rcode.string(rcode), null);
        }
        return response;
    }

    private static Name name(String domain) throws DnsLookupException {
        try {
            return Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            throw new DnsLookupException(DnsLookupException.Kind.NO_SUCH_DOMAIN, domain,
                    "Not a valid domain name: " + domain, e);
        }
    }

    private static String hostName(Name name) {
        String s = name.toString(true); // without the trailing dot
        return s.toLowerCase(Locale.ROOT);
    }

    // --- negative answers live for the SOA minimum in the authority section (RFC 2308) -----------------------

    private static DnsLookupException withNegativeTtl(DnsLookupException e, Duration ttl) {
        e.cacheFor(ttl);
        return e;
    }

    private Duration negativeTtl(DnsLookupException e) {
        return e.cacheFor() == null ? settings.minTtl() : e.cacheFor();
    }

    private Duration negativeTtl(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) {
                return Duration.ofSeconds(Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return settings.minTtl();
    }

    @FunctionalInterface
    private interface Lookup {
        Answer run() throws DnsLookupException;
    }

    private record Answer(Object value, Duration ttl) {
    }

    private record Cached(Object value, DnsLookupException failure, Instant expires) {
    }
}
