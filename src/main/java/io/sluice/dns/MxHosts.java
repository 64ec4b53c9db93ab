package io.sluice.dns;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The mail hosts of a domain, in the order to try them: MX preference ascending, host name within one
 * preference (deterministic, so every instance and every message of a site picks the same first host).
 *
 * @param domain   the domain looked up
 * @param hosts    host names without trailing dot, lower-case, never empty
 * @param implicit true when the domain had no MX and its own A/AAAA record is the mail host (RFC 5321 5.1)
 */
public record MxHosts(String domain, List<String> hosts, boolean implicit) {

    public MxHosts {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("an MX set needs at least one host: " + domain);
        }
    }

    /**
     * The MX set as a site key: the sorted host names joined by commas. Domains with the same MX hosts get
     * the same key whatever their preferences (like KumoMTA's site name).
     */
    public String siteKey() {
        TreeSet<String> sorted = new TreeSet<>();
        hosts.forEach(h -> sorted.add(h.toLowerCase(Locale.ROOT)));
        return String.join(",", sorted);
    }
}
