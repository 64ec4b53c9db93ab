package io.sluice.domains;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how each destination's mail goes, from {@code domains.yaml} as {@link DomainsDocument} read it:
 * transports, {@code requireTls}, AUTH, the MX rollup rules and the per-site limits.
 */
public final class DomainPolicies {

    /** The transport value that means "no relay: deliver to the domain's MX hosts". */
    public static final String MX = Destination.MX;
    /** The relay of {@code defaults.transport} when the file names none (the demo's SMTP simulator). */
    public static final SmtpTransport DEFAULT_TRANSPORT = SmtpTransport.parse("defaults.transport", "smtp://127.0.0.1:25");

    /** Stands for "every domain without a transport of its own" in {@link #transports()}. */
    public static final String DEFAULT_DOMAINS = "*";

    /** null = MX routing. */
    private final SmtpTransport defaultTransport;
    private final boolean defaultRequireTls;
    private final Map<String, Optional<SmtpTransport>> transports;
    private final Map<String, Boolean> requireTls;
    private final SmtpAuth defaultAuth;
    private final Map<String, SmtpAuth> auth;
    private final List<SiteRule> sites;
    private final SiteLimits defaultLimits;
    /** Limits of sites (by rule name) and of domains (by domain): a relayed domain is its own site. */
    private final Map<String, SiteLimits> domainLimits;
    private final Map<String, SiteLimits> siteLimits;

    private DomainPolicies(DomainsDocument document) {
        Destination defaults = document.defaults();
        this.defaultTransport = defaults.transport() == null ? DEFAULT_TRANSPORT : defaults.transport().orElse(null);
        this.defaultRequireTls = Boolean.TRUE.equals(defaults.requireTls());
        this.defaultLimits = defaults.limits();
        this.defaultAuth = defaults.auth();
        Map<String, SiteLimits> limitsByDomain = new LinkedHashMap<>();
        Map<String, Optional<SmtpTransport>> byDomain = new LinkedHashMap<>();
        Map<String, Boolean> tlsByDomain = new LinkedHashMap<>();
        Map<String, SmtpAuth> authByDomain = new LinkedHashMap<>();
        document.domains().forEach((name, d) -> {
            String domain = name.toLowerCase(Locale.ROOT);
            if (d.transport() != null) {
                byDomain.put(domain, d.transport());
            }
            limitsByDomain.put(domain, d.limits());
            if (d.auth() != null) {
                authByDomain.put(domain, d.auth());
            }
            if (d.requireTls() != null) {
                tlsByDomain.put(domain, d.requireTls());
            }
        });
        this.transports = Map.copyOf(byDomain);
        this.requireTls = Map.copyOf(tlsByDomain);
        this.auth = Map.copyOf(authByDomain);
        List<SiteRule> rules = new ArrayList<>();
        Map<String, SiteLimits> limitsBySite = new LinkedHashMap<>();
        document.sites().values().forEach(site -> {
            rules.add(site.site());
            limitsBySite.put(site.site().name(), site.limits());
        });
        this.sites = List.copyOf(rules);
        this.domainLimits = Map.copyOf(limitsByDomain);
        this.siteLimits = Map.copyOf(limitsBySite);
    }

    /** Reads and merges the files ({@link DomainsDocument#load}). */
    public static DomainPolicies load(List<Path> files) throws IOException {
        return of(DomainsDocument.load(files));
    }

    /** From the tree snakeyaml-engine's {@code Load} produced (tests). */
    public static DomainPolicies of(Map<String, Object> root) {
        return of(DomainsDocument.of(root));
    }

    public static DomainPolicies of(DomainsDocument document) {
        return new DomainPolicies(document);
    }

    /**
     * The relay or server the domain's mail goes to: its own {@code transport}, else {@code defaults.transport};
     * empty when that is {@code mx} (deliver to the domain's MX hosts).
     */
    public Optional<SmtpTransport> transportFor(String domain) {
        Optional<SmtpTransport> t = transports.get(domain);
        return t != null ? t : Optional.ofNullable(defaultTransport);
    }

    /**
     * Connection and hourly limits of a site key: {@code sites.<name>} for a rollup site, {@code domains.<domain>}
     * for a domain that is its own site (relay, transport override, A fallback), over {@code defaults}. An MX
     * host set without a rule gets the defaults.
     */
    public SiteLimits limitsFor(String siteKey) {
        SiteLimits own = siteLimits.get(siteKey);
        if (own == null) {
            own = domainLimits.getOrDefault(siteKey, SiteLimits.NONE);
        }
        return own.orElse(defaultLimits);
    }

    /** AUTH for the domain's relay ({@code auth}, else {@code defaults.auth}); never used towards MX hosts. */
    public Optional<SmtpAuth> authFor(String domain) {
        SmtpAuth a = auth.get(domain);
        return Optional.ofNullable(a != null ? a : defaultAuth);
    }

    /** Whether the domain's mail must only travel encrypted (STARTTLS or smtps): {@code requireTls}. */
    public boolean requireTls(String domain) {
        return requireTls.getOrDefault(domain, defaultRequireTls);
    }

    /**
     * The MX rollup rule (file order, first match wins) one of whose patterns matches one of {@code mxHosts}:
     * the site name, e.g. "google" for any {@code *.google.com} MX.
     */
    public Optional<String> siteFor(List<String> mxHosts) {
        for (SiteRule rule : sites) {
            if (mxHosts.stream().anyMatch(rule::matches)) {
                return Optional.of(rule.name());
            }
        }
        return Optional.empty();
    }

    /**
     * Every configured transport with the domains routed to it, the default relay first (its domains list holds
     * {@link #DEFAULT_DOMAINS}); a transport named by several domains appears once. MX-routed domains have no
     * configured transport and are not listed (their hosts come from DNS, per message). For the SMTP health check.
     */
    public Map<SmtpTransport, List<String>> transports() {
        Map<SmtpTransport, List<String>> all = new LinkedHashMap<>();
        if (defaultTransport != null) {
            all.computeIfAbsent(defaultTransport, t -> new ArrayList<>()).add(DEFAULT_DOMAINS);
        }
        new java.util.TreeMap<>(transports).forEach((domain, t) ->
                t.ifPresent(relay -> all.computeIfAbsent(relay, x -> new ArrayList<>()).add(domain)));
        Map<SmtpTransport, List<String>> frozen = new LinkedHashMap<>();
        all.forEach((t, domains) -> frozen.put(t, List.copyOf(domains)));
        return Collections.unmodifiableMap(frozen);
    }
}
