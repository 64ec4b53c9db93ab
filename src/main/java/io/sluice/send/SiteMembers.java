package io.sluice.send;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which recipient domains this instance has routed to each MX site: flow control works per site, while the
 * broadlog (parked counts) is per domain, so the monitoring beans sum a site's domains. In memory, seen since
 * start; at most {@link #MAX_DOMAINS_PER_SITE} domains per site are remembered (bounded memory for the big
 * hosters, whose parked counts are then partial).
 */
public final class SiteMembers implements Function<String, Set<String>> {

    static final int MAX_DOMAINS_PER_SITE = 1000;

    private final Map<String, Set<String>> domains = new ConcurrentHashMap<>();

    /** Records that {@code domain}'s mail goes to {@code site} (nothing to record when they are the same). */
    public void record(String site, String domain) {
        if (site.equals(domain)) {
            return;
        }
        Set<String> members = domains.computeIfAbsent(site, s -> ConcurrentHashMap.newKeySet());
        if (members.size() < MAX_DOMAINS_PER_SITE) {
            members.add(domain);
        }
    }

    /** The domains counted under {@code key}: the key itself (a domain that is its own site) and the site's members. */
    @Override
    public Set<String> apply(String key) {
        Set<String> all = new LinkedHashSet<>();
        all.add(key);
        all.addAll(domains.getOrDefault(key, Set.of()));
        return all;
    }
}
