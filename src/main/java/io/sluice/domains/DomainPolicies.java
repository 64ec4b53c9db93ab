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
import java.util.Set;

/**
 * The merged content of the domains.yaml files: transports now; flow-control settings and reply rules read
 * the same merged tree ({@link #root()}). Later files override earlier ones key by key; their
 * {@code rules} come first (a user's rule beats a shipped one).
 */
public final class DomainPolicies {

    /** Keys of a domain section (and of {@code defaults}). */
    static final Set<String> DOMAIN_KEYS = Set.of("transport", "flow", "requireTls", "maxConnections",
            "messagesPerConnection", "messagesPerHour");
    static final Set<String> ROOT_KEYS = Set.of("defaults", "domains", "rules", "sender");

    /** Stands for "every domain without a transport of its own" in {@link #transports()}. */
    public static final String DEFAULT_DOMAINS = "*";

    private final Map<String, Object> root;
    private final SmtpTransport defaultTransport;
    private final Map<String, SmtpTransport> transports;

    private DomainPolicies(Map<String, Object> root) {
        this.root = Collections.unmodifiableMap(root);
        root.keySet().stream().filter(k -> !ROOT_KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown top-level key '" + k + "' (allowed: " + ROOT_KEYS + ")");
        });
        Map<String, Object> defaults = section(root, "defaults", "defaults");
        checkKeys("defaults", defaults);
        this.defaultTransport = SmtpTransport.parse("defaults.transport",
                defaults.getOrDefault("transport", "smtp://127.0.0.1:25"));
        Map<String, SmtpTransport> byDomain = new LinkedHashMap<>();
        section(root, "domains", "domains").forEach((domain, value) -> {
            String key = "domains." + domain;
            if (!(value instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(key + " must be a mapping, was " + value);
            }
            Map<String, Object> d = section(root.get("domains") instanceof Map<?, ?> m ? castMap(m) : Map.of(), domain, key);
            checkKeys(key, d);
            if (d.containsKey("transport")) {
                byDomain.put(domain.toLowerCase(Locale.ROOT), SmtpTransport.parse(key + ".transport", d.get("transport")));
            }
        });
        this.transports = Map.copyOf(byDomain);
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

    public SmtpTransport transportFor(String domain) {
        SmtpTransport t = transports.get(domain);
        return t != null ? t : defaultTransport;
    }

    /**
     * Every configured transport with the domains routed to it, the default relay first (its domains list holds
     * {@link #DEFAULT_DOMAINS}); a transport named by several domains appears once. For the SMTP health check.
     */
    public Map<SmtpTransport, List<String>> transports() {
        Map<SmtpTransport, List<String>> all = new LinkedHashMap<>();
        all.computeIfAbsent(defaultTransport, t -> new ArrayList<>()).add(DEFAULT_DOMAINS);
        new java.util.TreeMap<>(transports).forEach((domain, t) -> all.computeIfAbsent(t, x -> new ArrayList<>()).add(domain));
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
