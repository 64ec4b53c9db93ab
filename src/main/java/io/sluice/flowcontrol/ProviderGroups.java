package io.sluice.flowcontrol;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The latest limit learned per provider group, so that a site seen for the first time starts from it rather than
 * from {@code initialRate}. A site is a flow key: an MX rollup rule's name ({@code sites:} in domains.yaml, already one
 * flow for all its domains), a relay domain, or the sorted MX host set ("mx1.mail.example,mx2.mail.example"); by
 * default the group of an MX set is the domain its hosts share (the last two labels of the first host: "mail.example"
 * here), so a new MX set of the same provider starts from what its siblings learned. Keys that are not MX sets (rollup
 * names, relay domains) have no group. Holds plain {@link LearnedLimit} values only.
 */
final class ProviderGroups {

    private final Function<String, String> groupOf;
    private final Map<String, LearnedLimit> learned = new ConcurrentHashMap<>();

    ProviderGroups(Function<String, String> groupOf) {
        this.groupOf = Objects.requireNonNull(groupOf, "groupOf");
    }

    /** The group of an MX-set key (hosts joined by commas, or one host with dots), else null. */
    static String byMxDomain(String key) {
        if (!key.contains(",")) {
            return null; // a rollup rule's name or a relay domain: its own flow, no siblings to learn from
        }
        String first = key.substring(0, key.indexOf(',')).trim().toLowerCase(Locale.ROOT);
        String[] labels = first.split("\\.");
        return labels.length < 2 ? null : labels[labels.length - 2] + "." + labels[labels.length - 1];
    }

    /** What {@code key}'s group has learned (nothing without a group). */
    LearnedLimit learnedFor(String key) {
        String g = groupOf.apply(key);
        return g == null ? LearnedLimit.NONE : learned.getOrDefault(g, LearnedLimit.NONE);
    }

    /** {@code key} has learned {@code limit}: the group keeps the latest one. */
    void learned(String key, LearnedLimit limit) {
        if (limit.isEmpty()) {
            return;
        }
        String g = groupOf.apply(key);
        if (g != null) {
            learned.merge(g, limit, (old, now) -> now.learnedAt().isBefore(old.learnedAt()) ? old : now);
        }
    }
}
