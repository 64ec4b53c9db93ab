package io.sluice.dkim;

import io.sluice.domains.DkimSelector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DKIM keys of {@code domains.yaml}, read once (at start, and again whenever the policy is re-read), by From
 * domain: an exact entry ({@code sender.example}) wins; else the nearest wildcard ({@code *.example.com} covers
 * {@code example.com} and every subdomain of it). Immutable; the lookup does no I/O and parses nothing.
 */
public final class DkimKeys {

    private static final DkimKeys NONE = new DkimKeys(Map.of());

    /** By domain pattern as configured (lower case), the keys in file order. */
    private final Map<String, List<DkimKey>> byPattern;

    private DkimKeys(Map<String, List<DkimKey>> byPattern) {
        this.byPattern = byPattern;
    }

    /** No key at all: every message goes unsigned. */
    public static DkimKeys none() {
        return NONE;
    }

    /**
     * Reads every selector's key file; relative paths against {@code configDir}. A missing, unreadable,
     * wrong-format or too short key throws {@link IllegalArgumentException} naming the domain and the file.
     */
    public static DkimKeys load(List<DkimSelector> selectors, Path configDir) {
        List<DkimKey> keys = new ArrayList<>();
        for (DkimSelector s : selectors) {
            keys.add(DkimKeyFiles.read(s, configDir));
        }
        return of(keys);
    }

    /** From keys already read (tests, or a caller with its own key store). */
    public static DkimKeys of(List<DkimKey> keys) {
        Map<String, List<DkimKey>> byPattern = new LinkedHashMap<>();
        for (DkimKey k : keys) {
            List<DkimKey> same = byPattern.computeIfAbsent(k.domainPattern(), p -> new ArrayList<>());
            for (DkimKey other : same) {
                if (other.selector().equalsIgnoreCase(k.selector())) {
                    throw new IllegalArgumentException("DKIM selector " + k.selector() + " of " + k.domainPattern()
                            + " is configured twice (" + other.file() + ", " + k.file() + ")");
                }
            }
            same.add(k);
        }
        Map<String, List<DkimKey>> frozen = new LinkedHashMap<>();
        byPattern.forEach((p, list) -> frozen.put(p, List.copyOf(list)));
        return new DkimKeys(java.util.Collections.unmodifiableMap(frozen));
    }

    /**
     * The keys that sign mail from {@code fromDomain} (case-insensitive), in configuration order; empty when none.
     */
    public List<DkimKey> forDomain(String fromDomain) {
        if (fromDomain == null || fromDomain.isEmpty() || byPattern.isEmpty()) {
            return List.of();
        }
        String domain = fromDomain.toLowerCase(Locale.ROOT);
        List<DkimKey> exact = byPattern.get(domain);
        if (exact != null) {
            return exact;
        }
        for (String d = domain; ; ) {
            List<DkimKey> wild = byPattern.get("*." + d);
            if (wild != null) {
                return wild;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return List.of();
            }
            d = d.substring(dot + 1);
        }
    }

    /** Every key, in configuration order (for a check of the published DNS records). */
    public List<DkimKey> all() {
        return byPattern.values().stream().flatMap(List::stream).toList();
    }

    public boolean isEmpty() {
        return byPattern.isEmpty();
    }

    @Override
    public String toString() {
        return byPattern.isEmpty() ? "no DKIM keys" : "DKIM keys " + all();
    }
}
