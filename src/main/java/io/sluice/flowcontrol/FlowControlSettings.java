package io.sluice.flowcontrol;

import io.sluice.domains.Destination;
import io.sluice.domains.DomainsDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flow-control part of {@code config/domains.yaml}, built from the one {@link DomainsDocument}: the default
 * {@link FlowControlConfig}, per-domain and per-site overrides (only the keys given override the defaults), the
 * {@link ReplyRules} and the {@link SenderHealthConfig}. The keys and how they are read are in
 * {@link FlowControlKeys}; unknown keys and bad values throw {@link IllegalArgumentException} naming the full key
 * path, e.g. "domains.gmail.com.flow.maxRate must be > 0, was -3".
 *
 * <pre>
 * defaults:
 *   flow: { initialRate: 10, window: 10s, ... }
 * domains:
 *   gmail.com:
 *     flow: { maxRate: 30 }
 * rules:
 *   - { name: yahoo-tss04, match: '\[TSS04\]', action: suspend, duration: 2h, source: "..." }
 * sender: { internalFailureRatio: 0.5, minAttempts: 20, senderProblemDomainShare: 0.8, minBadDomains: 3, pauseDuration: 30s }
 * </pre>
 *
 * Durations as {@link io.sluice.domains.Durations} reads them, rates as {@link io.sluice.domains.Rates}.
 */
public final class FlowControlSettings {

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

    /** The flow-control part of the document. */
    public static FlowControlSettings of(DomainsDocument document) {
        FlowControlConfig defaults = FlowControlKeys.flow("defaults.", FlowControlConfig.custom(),
                document.defaults().flow(), false);
        Map<String, FlowControlConfig> flows = new LinkedHashMap<>();
        document.domains().forEach((name, domain) -> override(flows, "domains." + name + ".", name, domain, defaults));
        // MX rollup sites (sites.<name>): flow control keys a rolled-up site by its name, so its overrides are
        // read like a domain's. A site and a domain of the same name would share one flow: refused.
        document.sites().forEach((name, site) -> {
            String path = "sites." + name + ".";
            if (hasFlow(site) && flows.containsKey(FlowControlRegistry.normalizeKey(name))) {
                throw new IllegalArgumentException(path + "flow: a domain of the same name has flow settings too");
            }
            override(flows, path, name, site, defaults);
        });
        return new FlowControlSettings(defaults, Map.copyOf(flows), FlowControlKeys.rules(document.rules()),
                FlowControlKeys.sender(document.sender()));
    }

    /** Reads one file (tests; the application reads its files once, as a {@link DomainsDocument}). */
    public static FlowControlSettings load(Path file) {
        try {
            return of(DomainsDocument.load(List.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Parses YAML text. */
    public static FlowControlSettings fromYaml(String yaml) {
        return of(DomainsDocument.parse(yaml));
    }

    /** Reads the structure produced by snakeyaml-engine's {@code Load.loadFromString}. */
    public static FlowControlSettings fromYaml(Map<String, Object> root) {
        return of(DomainsDocument.of(root));
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

    private static void override(Map<String, FlowControlConfig> flows, String path, String name, Destination section,
                                 FlowControlConfig defaults) {
        if (hasFlow(section)) {
            flows.put(FlowControlRegistry.normalizeKey(name),
                    FlowControlKeys.flow(path, FlowControlConfig.from(defaults), section.flow(), true));
        }
    }

    private static boolean hasFlow(Destination section) {
        return section.flow() != null && !section.flow().isEmpty();
    }

    @Override
    public String toString() {
        return "FlowControlSettings{defaults=" + defaults + ", domains=" + domains.keySet() + ", rules=" + rules.size()
                + ", sender=" + sender + "}";
    }
}
