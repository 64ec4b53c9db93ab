package io.sluice.send;

import io.sluice.dns.DnsLookupException;
import io.sluice.dns.MxHosts;
import io.sluice.dns.MxResolver;
import io.sluice.domains.DomainPolicies;
import io.sluice.domains.SiteLimits;
import io.sluice.domains.SmtpAuth;
import io.sluice.send.pool.DestinationLimits;
import io.sluice.domains.SmtpTransport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Picks where a recipient domain's mail goes: the domain's {@code transport} in domains.yaml, else the default
 * relay (like Postfix {@code transport_maps}); when that is {@code mx}, the domain's MX hosts.
 *
 * <p>MX routing: the hosts come lowest preference first; the first attempt of a message goes to the first host,
 * each retry starts at the next one. A host without an address is skipped, and so is a host this instance could not
 * connect to lately ({@link UnreachableHosts}); when a connection fails, the message tries the next host at once
 * ({@link MxFailover}). The endpoint names the host's address, resolved with the same resolver, so the
 * connection pool shares sessions between all domains of a site and nothing depends on the system resolver.
 */
public final class TransportResolver {

    /** Bean name of the JavaMail client properties with {@code mail.smtp.starttls.required=true}. */
    public static final String TLS_REQUIRED_PROPERTIES = "smtpClientPropertiesTlsRequired";

    /** The policy in force, read once per route (a reloaded domains.yaml applies from the next message on). */
    private final Supplier<DomainPolicies> policies;
    private final MxResolver mx;
    private final int mxPort;
    private final DestinationLimits limits;
    private final SiteMembers members;
    private final UnreachableHosts unreachable;

    /** Relays only: a domain routed by MX fails (temporarily) with a message saying MX routing is off. */
    public TransportResolver(DomainPolicies policies) {
        this(policies, null, 25);
    }

    /**
     * @param mxPort port of MX hosts: 25 on the Internet; another only for lab setups and tests
     *               ({@code sluice.smtp.mx-port})
     */
    public TransportResolver(DomainPolicies policies, MxResolver mx, int mxPort) {
        this(policies, mx, mxPort, new DestinationLimits());
    }

    /** @param limits where each site's connection knobs are recorded for the host:port its mail goes to */
    public TransportResolver(DomainPolicies policies, MxResolver mx, int mxPort, DestinationLimits limits) {
        this(policies, mx, mxPort, limits, new SiteMembers());
    }

    /** @param members where the domains of each MX site are recorded (for per-site parked counts) */
    public TransportResolver(DomainPolicies policies, MxResolver mx, int mxPort, DestinationLimits limits,
                             SiteMembers members) {
        this(policies, mx, mxPort, limits, members, new UnreachableHosts(Clock.systemUTC(), Duration.ZERO));
    }

    /** @param unreachable MX hosts to skip for now: they could not be connected to lately */
    public TransportResolver(DomainPolicies policies, MxResolver mx, int mxPort, DestinationLimits limits,
                             SiteMembers members, UnreachableHosts unreachable) {
        this(() -> policies, mx, mxPort, limits, members, unreachable);
    }

    /** @param policies the policy in force now (the live policy's current one), asked once per route */
    public TransportResolver(Supplier<DomainPolicies> policies, MxResolver mx, int mxPort, DestinationLimits limits,
                             SiteMembers members, UnreachableHosts unreachable) {
        if (mxPort < 1 || mxPort > 65535) {
            throw new IllegalArgumentException("sluice.smtp.mx-port must be 1..65535, was " + mxPort);
        }
        this.policies = policies;
        this.mx = mx;
        this.mxPort = mxPort;
        this.limits = limits;
        this.members = members;
        this.unreachable = unreachable;
    }

    /** The endpoint for {@code domain} (first attempt). */
    public String endpointUri(String domain) throws DnsLookupException {
        return route(domain, 0).endpointUri();
    }

    /**
     * @param attempt the message's retry count (0 = first try): picks the MX host
     * @throws DnsLookupException permanent when DNS says the domain has no mail host (NXDOMAIN, null MX);
     *                            temporary when DNS did not answer or no MX host has an address
     */
    public SendTarget route(String domain, int attempt) throws DnsLookupException {
        return pick(domain, attempt, Set.of()); // nothing excluded: a route or an exception, never null
    }

    /**
     * The route for a message of this attempt that could not connect to the endpoints in {@code tried}: the domain's
     * next MX host not among them, or empty when none is left (every host tried; a relay has no other host).
     *
     * @throws DnsLookupException as {@link #route} when DNS cannot name another host now
     */
    public Optional<SendTarget> nextRoute(String domain, int attempt, Set<String> tried) throws DnsLookupException {
        return Optional.ofNullable(pick(domain, attempt, tried));
    }

    /** The route of {@code domain} avoiding the endpoints in {@code tried}; null only when they cover every host. */
    private SendTarget pick(String domain, int attempt, Set<String> tried) throws DnsLookupException {
        DomainPolicies policies = this.policies.get();
        boolean tls = policies.requireTls(domain);
        Optional<SmtpTransport> relay = policies.transportFor(domain);
        if (relay.isPresent()) {
            // a relay serves every domain routed to it: no one domain's flow state may thin its connections
            register(policies, relay.get().host(), relay.get().port(), domain, null);
            String uri = withTls(relay.get().endpointUri(), tls && "smtp".equals(relay.get().scheme()));
            Optional<SmtpAuth> auth = policies.authFor(domain);
            if (auth.isPresent()) {
                // the password is a {{placeholder}}: resolved by Camel when it creates the endpoint, never here
                uri += (uri.contains("?") ? "&" : "?") + auth.get().endpointOptions();
            }
            return tried.contains(uri) ? null : new SendTarget(uri, domain);
        }
        if (mx == null) {
            throw new DnsLookupException(DnsLookupException.Kind.TEMPORARY, domain,
                    "MX routing of " + domain + " is not available (no resolver configured)", null);
        }
        MxHosts hosts = mx.mailHosts(domain);
        String site = policies.siteFor(hosts.hosts()).orElse(hosts.siteKey());
        members.record(site, domain);
        int n = hosts.hosts().size();
        DnsLookupException last = null;
        String skipped = null;
        for (int i = 0; i < n; i++) {
            String host = hosts.hosts().get(Math.floorMod(attempt + i, n));
            String address;
            try {
                address = literal(mx.address(host));
            } catch (DnsLookupException e) {
                last = e;
                continue;
            }
            if (!tried.isEmpty() && tried.contains(mxUri(address, tls))) {
                continue; // (the check builds a URI: only after a failed connection, not for every message)
            }
            if (!unreachable.skipped(hostPort(address))) {
                return mxRoute(policies, address, site, tls);
            }
            skipped = skipped == null ? address : skipped;
        }
        if (skipped != null) {
            return mxRoute(policies, skipped, site, tls); // every host left failed lately: the first of them again
        }
        if (!tried.isEmpty()) {
            return null; // every host with an address was tried in this attempt
        }
        // the domain exists and has MX hosts; that none resolves now is the hosts' problem: retry later
        throw new DnsLookupException(DnsLookupException.Kind.TEMPORARY, domain,
                "No MX host of " + domain + " " + hosts.hosts() + " has an address: " + last.getMessage(), last);
    }

    /**
     * Records that the host of {@code endpointUri} could not be connected to: MX routes skip it for a while. (A
     * relay is not skipped: it is the only way its domains' mail can go.)
     */
    public void markUnreachable(String endpointUri) {
        int start = endpointUri.indexOf("://");
        int query = endpointUri.indexOf('?');
        unreachable.markUnreachable(endpointUri.substring(start < 0 ? 0 : start + 3, query < 0 ? endpointUri.length() : query));
    }

    private SendTarget mxRoute(DomainPolicies policies, String address, String site, boolean tls) {
        register(policies, address, mxPort, site, site);
        return new SendTarget(mxUri(address, tls), site);
    }

    private String mxUri(String address, boolean tls) {
        return withTls("smtp://" + hostPort(address), tls);
    }

    private String hostPort(String address) {
        return address + ":" + mxPort;
    }

    /** @param flowSite the site whose flow state limits the connections to this host (null: none) */
    private void register(DomainPolicies policies, String host, int port, String site, String flowSite) {
        SiteLimits l = policies.limitsFor(site);
        limits.register(host, port, site, flowSite, l.maxConnections(), l.messagesPerConnection(),
                l.backoffMaxConnections());
    }

    private static String literal(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** smtps is TLS from the first byte already; smtp with requireTls gets STARTTLS made mandatory. */
    private static String withTls(String uri, boolean requireTls) {
        return requireTls ? uri + "?additionalJavaMailProperties=#bean:" + TLS_REQUIRED_PROPERTIES : uri;
    }
}
