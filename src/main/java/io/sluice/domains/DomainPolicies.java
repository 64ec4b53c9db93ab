package io.sluice.domains;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merged content of the domains.yaml files: transports now; flow-control settings and reply rules read
 * the same merged tree ({@link #root()}). Later files override earlier ones key by key; their
 * {@code rules} come first (a user's rule beats a shipped one).
 */
public final class DomainPolicies {

    /** Keys of a domain section (and of {@code defaults}); {@code flow} is read by flow control. */
    public static final Set<String> DOMAIN_KEYS = Set.of("transport", "flow", "requireTls", "maxConnections",
            "messagesPerConnection", "messagesPerHour", "backoffMaxConnections", "auth");
    /** Keys of a site (MX rollup rule); {@code flow} is read by flow control. */
    public static final Set<String> SITE_KEYS = Set.of("mx", "flow", "maxConnections", "messagesPerConnection", "messagesPerHour",
            "backoffMaxConnections");
    static final Set<String> ROOT_KEYS = Set.of("defaults", "domains", "rules", "sender", "sites");
    /** The transport value that means "no relay: deliver to the domain's MX hosts". */
    public static final String MX = "mx";

    /** Stands for "every domain without a transport of its own" in {@link #transports()}. */
    public static final String DEFAULT_DOMAINS = "*";

    private final Map<String, Object> root;
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

    private DomainPolicies(Map<String, Object> root) {
        this.root = Collections.unmodifiableMap(root);
        root.keySet().stream().filter(k -> !ROOT_KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown top-level key '" + k + "' (allowed: " + ROOT_KEYS + ")");
        });
        Map<String, Object> defaults = section(root, "defaults", "defaults");
        checkKeys("defaults", defaults);
        this.defaultTransport = transport("defaults.transport", defaults.getOrDefault("transport", "smtp://127.0.0.1:25"));
        this.defaultRequireTls = bool("defaults.requireTls", defaults.getOrDefault("requireTls", false));
        this.defaultLimits = SiteLimits.parse("defaults", defaults);
        Map<String, SiteLimits> limitsByDomain = new LinkedHashMap<>();
        Map<String, SiteLimits> limitsBySite = new LinkedHashMap<>();
        Map<String, Optional<SmtpTransport>> byDomain = new LinkedHashMap<>();
        Map<String, Boolean> tlsByDomain = new LinkedHashMap<>();
        Map<String, SmtpAuth> authByDomain = new LinkedHashMap<>();
        this.defaultAuth = defaults.containsKey("auth") ? SmtpAuth.parse("defaults.auth", defaults.get("auth")) : null;
        section(root, "domains", "domains").forEach((domain, value) -> {
            String key = "domains." + domain;
            if (!(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(key + " must be a mapping, was " + value);
            }
            Map<String, Object> d = section(root.get("domains") instanceof Map<?, ?> m ? castMap(m) : Map.of(), domain, key);
            checkKeys(key, d);
            if (d.containsKey("transport")) {
                byDomain.put(domain.toLowerCase(Locale.ROOT),
                        Optional.ofNullable(transport(key + ".transport", d.get("transport"))));
            }
            limitsByDomain.put(domain.toLowerCase(Locale.ROOT), SiteLimits.parse(key, d));
            if (d.containsKey("auth")) {
                authByDomain.put(domain.toLowerCase(Locale.ROOT), SmtpAuth.parse(key + ".auth", d.get("auth")));
            }
            if (d.containsKey("requireTls")) {
                tlsByDomain.put(domain.toLowerCase(Locale.ROOT), bool(key + ".requireTls", d.get("requireTls")));
            }
        });
        this.transports = Map.copyOf(byDomain);
        this.requireTls = Map.copyOf(tlsByDomain);
        this.auth = Map.copyOf(authByDomain);
        List<SiteRule> rules = new ArrayList<>();
        section(root, "sites", "sites").forEach((name, value) -> {
            String key = "sites." + name;
            if (!(value instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(key + " must be a mapping with mx: [patterns], was " + value);
            }
            Map<String, Object> site = castMap(m);
            site.keySet().stream().filter(k -> !SITE_KEYS.contains(k)).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("unknown key " + key + "." + k + " (allowed: " + SITE_KEYS + ")");
            });
            SiteRule rule = SiteRule.of(key, name, site.get("mx"));
            rules.add(rule);
            limitsBySite.put(rule.name(), SiteLimits.parse(key, site));
        });
        this.sites = List.copyOf(rules);
        this.domainLimits = Map.copyOf(limitsByDomain);
        this.siteLimits = Map.copyOf(limitsBySite);
    }

    /** "mx" = MX routing (null); anything else must be a transport URI. */
    private static SmtpTransport transport(String key, Object value) {
        if (value instanceof String s && MX.equalsIgnoreCase(s.trim())) {
            return null;
        }
        return SmtpTransport.parse(key, value);
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(key + " must be true or false, was " + value);
    }

    public static DomainPolicies load(List<Path> files) throws IOException {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("sluice.domains.files: " + file + " does not exist");
            }
            Object doc = new Load(LoadSettings.builder().setLabel(file.toString()).build())
                    .loadFromString(Files.readString(file));
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + ": the document must be a mapping with defaults/domains/rules");
            }
            try {
                merge(merged, castMap(map));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        try {
            return new DomainPolicies(merged);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid domain policy in " + files + ": " + e.getMessage(), e);
        }
    }

    public static DomainPolicies of(Map<String, Object> root) {
        return new DomainPolicies(new LinkedHashMap<>(root));
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

    /** The merged YAML tree (read-only), for the other readers of the same file. */
    public Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            Object existing = into.get(k);
            if ("rules".equals(k) && existing instanceof List<?> old && v instanceof List<?> add) {
                List<Object> rules = new ArrayList<>(add);
                rules.addAll(old);
                into.put(k, rules);
            } else if (existing instanceof Map<?, ?> a && v instanceof Map<?, ?> b) {
                Map<String, Object> copy = new LinkedHashMap<>(castMap(a));
                merge(copy, castMap(b));
                into.put(k, copy);
            } else {
                into.put(k, v);
            }
        });
    }

    private static Map<String, Object> section(Map<String, Object> parent, String name, String key) {
        Object v = parent.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(key + " must be a mapping, was " + v);
        }
        return castMap(m);
    }

    private static void checkKeys(String key, Map<String, Object> section) {
        section.keySet().stream().filter(k -> !DOMAIN_KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown key " + key + "." + k + " (allowed: " + DOMAIN_KEYS + ")");
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
