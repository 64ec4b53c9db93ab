package io.sluice.domains;

import static io.sluice.domains.KeyTable.Owner.FLOW_CONTROL;
import static io.sluice.domains.KeyTable.Owner.POLICIES;
import static io.sluice.domains.KeyTable.key;

import java.util.Map;
import java.util.Optional;

/**
 * One destination section of {@code domains.yaml}, read and validated once: {@code defaults}, a
 * {@code domains.<domain>} or a {@code sites.<name>} (MX rollup rule). A null component is not set in this section.
 *
 * @param transport where the mail goes: empty for {@code mx} (the domain's MX hosts); null when not set
 * @param site      the MX rollup rule of a {@code sites.<name>} section; null elsewhere
 * @param flow      the {@code flow} mapping, read by flow control; null when not set
 */
public record Destination(String path, Optional<SmtpTransport> transport, Boolean requireTls, SmtpAuth auth,
                          SiteLimits limits, SiteRule site, Map<String, Object> flow) {

    /** The keys of {@code defaults} and of {@code domains.<domain>}. */
    static final KeyTable<Draft> DOMAIN_KEYS = KeyTable.of(
            key("transport", POLICIES, Destination::transport, (d, v) -> d.transport = v),
            key("requireTls", POLICIES, YamlValues::bool, (d, v) -> d.requireTls = v),
            key("auth", POLICIES, SmtpAuth::parse, (d, v) -> d.auth = v),
            key("maxConnections", POLICIES, YamlValues::wholeNumber, (d, v) -> d.maxConnections = v),
            key("messagesPerConnection", POLICIES, YamlValues::wholeNumber, (d, v) -> d.messagesPerConnection = v),
            key("messagesPerHour", POLICIES, YamlValues::wholeNumber, (d, v) -> d.messagesPerHour = v),
            key("backoffMaxConnections", POLICIES, YamlValues::wholeNumber, (d, v) -> d.backoffMaxConnections = v),
            key("flow", FLOW_CONTROL, YamlValues::map, (d, v) -> d.flow = v));

    /** The keys of {@code sites.<name>}: an MX rollup rule with its own limits and flow. */
    static final KeyTable<Draft> SITE_KEYS = KeyTable.of(
            key("mx", POLICIES, (Draft d, String path, Object v) -> d.site = SiteRule.of(d.path, d.name, v)).required(),
            key("maxConnections", POLICIES, YamlValues::wholeNumber, (d, v) -> d.maxConnections = v),
            key("messagesPerConnection", POLICIES, YamlValues::wholeNumber, (d, v) -> d.messagesPerConnection = v),
            key("messagesPerHour", POLICIES, YamlValues::wholeNumber, (d, v) -> d.messagesPerHour = v),
            key("backoffMaxConnections", POLICIES, YamlValues::wholeNumber, (d, v) -> d.backoffMaxConnections = v),
            key("flow", FLOW_CONTROL, YamlValues::map, (d, v) -> d.flow = v));

    /** The transport value that means "no relay: deliver to the domain's MX hosts". */
    public static final String MX = "mx";

    /** Reads {@code defaults} or {@code domains.<domain>}. */
    static Destination domain(String path, Map<String, Object> section) {
        return DOMAIN_KEYS.read(path, section, new Draft(path, null)).build();
    }

    /** Reads {@code sites.<name>}. */
    static Destination site(String path, String name, Map<String, Object> section) {
        return SITE_KEYS.read(path, section, new Draft(path, name)).build();
    }

    /** "mx" = MX routing (empty); anything else must be a transport URI. */
    private static Optional<SmtpTransport> transport(String path, Object value) {
        if (value instanceof String s && MX.equalsIgnoreCase(s.trim())) {
            return Optional.empty();
        }
        return Optional.of(SmtpTransport.parse(path, value));
    }

    /** A section while it is read. */
    static final class Draft {
        private final String path;
        private final String name;
        private Optional<SmtpTransport> transport;
        private Boolean requireTls;
        private SmtpAuth auth;
        private Integer maxConnections;
        private Integer messagesPerConnection;
        private Integer messagesPerHour;
        private Integer backoffMaxConnections;
        private SiteRule site;
        private Map<String, Object> flow;

        private Draft(String path, String name) {
            this.path = path;
            this.name = name;
        }

        private Destination build() {
            SiteLimits limits;
            try {
                limits = new SiteLimits(maxConnections, messagesPerConnection, messagesPerHour, backoffMaxConnections);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + "." + e.getMessage(), e);
            }
            return new Destination(path, transport, requireTls, auth, limits, site,
                    flow == null ? null : java.util.Collections.unmodifiableMap(flow));
        }
    }
}
