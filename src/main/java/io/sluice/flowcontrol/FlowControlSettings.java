package io.sluice.flowcontrol;

import io.sluice.domains.DomainPolicies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The flow-control part of {@code config/domains.yaml}: the default {@link FlowControlConfig}, per-domain
 * overrides (only the keys given override the defaults), the {@link ReplyRules} and the
 * {@link SenderHealthConfig}. Unknown keys and bad values throw {@link IllegalArgumentException} naming
 * the full key path, e.g. "domains.gmail.com.flow.maxRate must be > 0, was -3".
 *
 * <pre>
 * defaults:            # transport, requireTls, maxConnections, messagesPerConnection, messagesPerHour,
 *                      # backoffMaxConnections: not ours, ignored
 *   flow: { initialRate: 10, window: 10s, ... }
 * domains:
 *   gmail.com:
 *     flow: { maxRate: 30 }
 * rules:
 *   - { name: yahoo-tss04, match: '\[TSS04\]', action: suspend, duration: 2h, source: "..." }
 * sender: { internalFailureRatio: 0.5, minAttempts: 20, senderProblemDomainShare: 0.8, minBadDomains: 3, pauseDuration: 30s }
 * </pre>
 *
 * Durations: {@code 500ms}, {@code 10s}, {@code 30m}, {@code 2h}, {@code 1d}, combinations such as
 * {@code 1h30m}, or ISO-8601 ({@code PT10S}). Rates: a number of msg/s, or {@code 10/s}, {@code 10/min},
 * {@code 600/h}, {@code 1000/d}.
 */
public final class FlowControlSettings {

    /** Per-domain (and defaults) keys owned by other parts of Sluice (DomainPolicies): skipped here. */
    public static final Set<String> FOREIGN_DOMAIN_KEYS = withoutFlow(DomainPolicies.DOMAIN_KEYS);

    private static final Set<String> ROOT_KEYS = Set.of("defaults", "domains", "rules", "sender", "sites");
    /** Keys of a site (MX rollup rule) owned by other parts of Sluice (DomainPolicies): skipped here. */
    public static final Set<String> FOREIGN_SITE_KEYS = withoutFlow(DomainPolicies.SITE_KEYS);
    private static final Set<String> RULE_KEYS = Set.of("name", "match", "action", "duration", "rate", "source");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern RATE = Pattern.compile(
            "\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|second|m|min|minute|h|hour|d|day))?\\s*");

    private final FlowControlConfig defaults;
    private final Map<String, FlowControlConfig> domains;
    private final ReplyRules rules;
    private final SenderHealthConfig sender;

    private FlowControlSettings(FlowControlConfig defaults, Map<String, FlowControlConfig> domains, ReplyRules rules,
                                SenderHealthConfig sender) {
        this.defaults = defaults;
        this.domains = domains;
        this.rules = rules;
        this.sender = sender;
    }

    /** Defaults, no overrides, no rules. */
    public static FlowControlSettings ofDefaults() {
        return new FlowControlSettings(FlowControlConfig.ofDefaults(), Map.of(), ReplyRules.empty(),
                SenderHealthConfig.ofDefaults());
    }

    /** Reads a YAML file. */
    public static FlowControlSettings load(Path file) {
        try {
            return fromYaml(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses YAML text. */
    public static FlowControlSettings fromYaml(String yaml) {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setLabel("domains.yaml").build();
        Object root = new Load(settings).loadFromString(yaml);
        if (root == null) {
            return ofDefaults();
        }
        return fromYaml(map("", root));
    }

    /** Reads the structure produced by snakeyaml-engine's {@code Load.loadFromString}. */
    public static FlowControlSettings fromYaml(Map<String, Object> root) {
        if (root == null) {
            return ofDefaults();
        }
        checkKeys("", root, ROOT_KEYS, Set.of());
        FlowControlConfig defaults = FlowControlConfig.ofDefaults();
        Map<String, Object> defaultsSection = map("defaults", root.get("defaults"));
        if (defaultsSection != null) {
            checkKeys("defaults.", defaultsSection, Set.of("flow"), FOREIGN_DOMAIN_KEYS);
            defaults = flow("defaults.", FlowControlConfig.custom(), map("defaults.flow", defaultsSection.get("flow")), false);
        }
        Map<String, FlowControlConfig> domains = new LinkedHashMap<>();
        Map<String, Object> domainsSection = map("domains", root.get("domains"));
        if (domainsSection != null) {
            for (Map.Entry<String, Object> e : domainsSection.entrySet()) {
                String name = e.getKey();
                String path = "domains." + name + ".";
                if (name.isBlank()) {
                    throw new IllegalArgumentException("domains must not have a blank domain name");
                }
                Map<String, Object> domain = map("domains." + name, e.getValue());
                if (domain == null) {
                    continue;
                }
                checkKeys(path, domain, Set.of("flow"), FOREIGN_DOMAIN_KEYS);
                Map<String, Object> flow = map(path + "flow", domain.get("flow"));
                if (flow != null && !flow.isEmpty()) {
                    domains.put(FlowControlRegistry.normalizeKey(name),
                            flow(path, FlowControlConfig.from(defaults), flow, true));
                }
            }
        }
        // MX rollup sites (sites.<name>): flow control keys a rolled-up site by its name, so its overrides are
        // read like a domain's. A site and a domain of the same name would share one flow: refused.
        Map<String, Object> sitesSection = map("sites", root.get("sites"));
        if (sitesSection != null) {
            for (Map.Entry<String, Object> e : sitesSection.entrySet()) {
                String path = "sites." + e.getKey() + ".";
                Map<String, Object> site = map("sites." + e.getKey(), e.getValue());
                if (site == null) {
                    continue;
                }
                checkKeys(path, site, Set.of("flow"), FOREIGN_SITE_KEYS);
                Map<String, Object> flow = map(path + "flow", site.get("flow"));
                if (flow != null && !flow.isEmpty()) {
                    String key = FlowControlRegistry.normalizeKey(e.getKey());
                    if (domains.containsKey(key)) {
                        throw new IllegalArgumentException(path + "flow: a domain of the same name has flow settings too");
                    }
                    domains.put(key, flow(path, FlowControlConfig.from(defaults), flow, true));
                }
            }
        }
        ReplyRules rules = rules(root.get("rules"));
        SenderHealthConfig sender = sender(map("sender", root.get("sender")));
        return new FlowControlSettings(defaults, Map.copyOf(domains), rules, sender);
    }

    public FlowControlConfig defaults() {
        return defaults;
    }

    /** Per-domain configs, keyed by normalized domain, for domains whose {@code flow} section sets something. */
    public Map<String, FlowControlConfig> domains() {
        return domains;
    }

    public ReplyRules rules() {
        return rules;
    }

    public SenderHealthConfig sender() {
        return sender;
    }

    /** These settings with {@code first} rules ahead of the current ones (a user's file over the shipped rules). */
    public FlowControlSettings withRulesFirst(ReplyRules first) {
        return new FlowControlSettings(defaults, domains, first.then(rules), sender);
    }

    // ------------------------------------------------------------------ sections

    private static FlowControlConfig flow(String prefix, FlowControlConfig.Builder b, Map<String, Object> flow,
                                          boolean override) {
        Set<String> given = new HashSet<>();
        if (flow != null) {
            for (Map.Entry<String, Object> e : flow.entrySet()) {
                String key = e.getKey();
                String path = prefix + "flow." + key;
                Object v = e.getValue();
                try {
                    switch (key) {
                        case "initialRate": b.initialRate(rate(path, v)); break;
                        case "minRate": b.minRate(rate(path, v)); break;
                        case "maxRate": b.maxRate(rate(path, v)); break;
                        case "probeRate": b.probeRate(rate(path, v)); break;
                        case "rampUpFactor": b.rampUpFactor(number(path, v)); break;
                        case "backoffFactor": b.backoffFactor(number(path, v)); break;
                        case "errorRatioThreshold": b.errorRatioThreshold(number(path, v)); break;
                        case "cleanErrorRatio": b.cleanErrorRatio(number(path, v)); break;
                        case "minAttempts": b.minAttempts(integer(path, v)); break;
                        case "badWindowsToSuspend": b.badWindowsToSuspend(integer(path, v)); break;
                        case "probeSuccesses": b.probeSuccesses(integer(path, v)); break;
                        case "window": b.window(duration(path, v)); break;
                        case "upHoldoff": b.upHoldoff(duration(path, v)); break;
                        case "suspendDuration": b.suspendDuration(duration(path, v)); break;
                        case "maxSuspendDuration": b.maxSuspendDuration(duration(path, v)); break;
                        default:
                            throw new IllegalArgumentException(path + " is not a known key; known: initialRate, minRate, "
                                    + "maxRate, rampUpFactor, backoffFactor, errorRatioThreshold, cleanErrorRatio, "
                                    + "minAttempts, window, upHoldoff, badWindowsToSuspend, suspendDuration, "
                                    + "maxSuspendDuration, probeRate, probeSuccesses");
                    }
                } catch (IllegalArgumentException ex) {
                    throw prefixed(prefix, ex);
                }
                given.add(key);
            }
        }
        if (override) {
            // keys the domain did not set follow its explicit ones (maxRate: 5 brings initialRate down to 5)
            if (!given.contains("minRate") && b.minRate() > b.maxRate()) {
                b.minRate(b.maxRate());
            }
            if (!given.contains("initialRate")) {
                b.initialRate(Math.max(b.minRate(), Math.min(b.initialRate(), b.maxRate())));
            }
            if (!given.contains("probeRate") && b.probeRate() > b.maxRate()) {
                b.probeRate(b.maxRate());
            }
            if (!given.contains("cleanErrorRatio") && b.cleanErrorRatio() >= b.errorRatioThreshold()) {
                b.cleanErrorRatio(b.errorRatioThreshold() / 2);
            }
            if (!given.contains("maxSuspendDuration") && b.maxSuspendDuration().compareTo(b.suspendDuration()) < 0) {
                b.maxSuspendDuration(b.suspendDuration());
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw prefixed(prefix, ex);
        }
    }

    private static ReplyRules rules(Object section) {
        if (section == null) {
            return ReplyRules.empty();
        }
        if (!(section instanceof List)) {
            throw new IllegalArgumentException("rules must be a list of rules, was " + describe(section));
        }
        List<ReplyRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<?> list = (List<?>) section;
        for (int i = 0; i < list.size(); i++) {
            String path = "rules[" + i + "]";
            Map<String, Object> r = map(path, list.get(i));
            if (r == null) {
                throw new IllegalArgumentException(path + " must be a rule (name, match, action...), was null");
            }
            checkKeys(path + ".", r, RULE_KEYS, Set.of());
            ReplyRule.Builder b = ReplyRule.custom();
            try {
                b.name(text(path + ".name", r.get("name")));
                b.match(text(path + ".match", r.get("match")));
                String action = text(path + ".action", r.get("action"));
                try {
                    b.action(RuleAction.parse(action));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(path + ".action " + ex.getMessage(), ex);
                }
                if (r.containsKey("duration")) {
                    b.duration(duration(path + ".duration", r.get("duration")));
                }
                if (r.containsKey("rate")) {
                    b.rate(rate(path + ".rate", r.get("rate")));
                }
                if (r.get("source") != null) {
                    b.source(r.get("source").toString());
                }
                ReplyRule rule = b.build();
                if (!names.add(rule.getName())) {
                    throw new IllegalArgumentException(path + ".name must be unique, was " + rule.getName() + " again");
                }
                rules.add(rule);
            } catch (IllegalArgumentException ex) {
                String m = ex.getMessage();
                throw new IllegalArgumentException(m.startsWith("rule.") ? path + m.substring(4) : m, ex);
            }
        }
        return ReplyRules.of(rules);
    }

    private static SenderHealthConfig sender(Map<String, Object> section) {
        SenderHealthConfig.Builder b = SenderHealthConfig.custom();
        if (section == null) {
            return b.build();
        }
        for (Map.Entry<String, Object> e : section.entrySet()) {
            String path = "sender." + e.getKey();
            switch (e.getKey()) {
                case "internalFailureRatio": b.internalFailureRatio(number(path, e.getValue())); break;
                case "minAttempts": b.minAttempts(integer(path, e.getValue())); break;
                case "senderProblemDomainShare": b.senderProblemDomainShare(number(path, e.getValue())); break;
                case "minBadDomains": b.minBadDomains(integer(path, e.getValue())); break;
                case "pauseDuration": b.pauseDuration(duration(path, e.getValue())); break;
                default:
                    throw new IllegalArgumentException(path + " is not a known key; known: internalFailureRatio, "
                            + "minAttempts, senderProblemDomainShare, minBadDomains, pauseDuration");
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ values

    /** Parses "10s", "30m", "2h", "1d", "500ms", "1h30m" or ISO-8601 ("PT10S"). */
    public static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.isEmpty() && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration: " + text, e);
            }
        }
        Matcher m = SIMPLE_DURATION.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": total = total.plusMillis(n); break;
                case "s": total = total.plusSeconds(n); break;
                case "m": total = total.plusMinutes(n); break;
                case "h": total = total.plusHours(n); break;
                default: total = total.plusDays(n); break;
            }
            end = m.end();
        }
        if (t.isEmpty() || end != t.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return total;
    }

    /** Parses a rate in msg/s: "0.5", "10/s", "10/min", "600/h", "1000/d". */
    public static double parseRate(String text) {
        Matcher m = RATE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: " + text);
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit.charAt(0)) {
            case 'm': return n / 60;
            case 'h': return n / 3600;
            case 'd': return n / 86400;
            default: return n;
        }
    }

    private static Duration duration(String path, Object v) {
        if (v instanceof String) {
            try {
                return parseDuration((String) v);
            } catch (IllegalArgumentException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException(path + " must be a duration like 10s, 30m, 2h, 1d or PT10S, was " + describe(v));
    }

    private static double rate(String path, Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return parseRate((String) v);
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        throw new IllegalArgumentException(path + " must be a rate like 10, 0.5, 10/min or 600/h (msg/s unless a unit is given), was "
                + describe(v));
    }

    private static double number(String path, Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        throw new IllegalArgumentException(path + " must be a number, was " + describe(v));
    }

    private static int integer(String path, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            long l = ((Number) v).longValue();
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        }
        throw new IllegalArgumentException(path + " must be a whole number, was " + describe(v));
    }

    private static String text(String path, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(path + " is required");
        }
        if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
            throw new IllegalArgumentException(path + " must be text, was " + describe(v));
        }
        return v.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String path, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException((path.isEmpty() ? "the document" : path) + " must be a map, was " + describe(v));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) v).forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** One list of keys, kept by their owner: a key added there is known here too. */
    private static Set<String> withoutFlow(Set<String> keys) {
        Set<String> foreign = new HashSet<>(keys);
        foreign.remove("flow");
        return Set.copyOf(foreign);
    }

    private static void checkKeys(String prefix, Map<String, Object> section, Set<String> known, Set<String> ignored) {
        for (String k : section.keySet()) {
            if (!known.contains(k) && !ignored.contains(k)) {
                List<String> all = new ArrayList<>(known);
                all.sort(null);
                throw new IllegalArgumentException(prefix + k + " is not a known key; known: " + String.join(", ", all)
                        + (ignored.isEmpty() ? "" : " (and, owned elsewhere, " + String.join(", ", new java.util.TreeSet<>(ignored)) + ")"));
            }
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "'" + v + "'";
        }
        if (v instanceof Map) {
            return "a map";
        }
        if (v instanceof List) {
            return "a list";
        }
        return Texts.value(v);
    }

    private static IllegalArgumentException prefixed(String prefix, IllegalArgumentException ex) {
        String m = ex.getMessage();
        if (m != null && m.startsWith(prefix)) {
            return ex;
        }
        return new IllegalArgumentException(prefix + m, ex);
    }

    @Override
    public String toString() {
        return "FlowControlSettings{defaults=" + defaults + ", domains=" + domains.keySet() + ", rules=" + rules.size()
                + ", sender=" + sender + "}";
    }
}
