package io.sluice.policy;

import io.sluice.dkim.DkimKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two versions of the policy, one sentence per change: destinations ({@code domains},
 * {@code sites}) added, removed or changed key by key, {@code defaults} key by key, reply rules by name, DKIM selectors
 * added, removed or with a new key. Values are shown for plain settings (rates, limits, durations); never for
 * passwords, secrets or keys (only "changed"). {@link #restartNeeded()} lists what a reload does not apply.
 */
public final class PolicyDiff {

    /** Keys whose values are never shown. */
    private static final List<String> HIDDEN = List.of("password", "secret", "privatekey", "auth");

    private final List<String> changes;
    private final List<String> restartNeeded;

    private PolicyDiff(List<String> changes, List<String> restartNeeded) {
        this.changes = List.copyOf(changes);
        this.restartNeeded = List.copyOf(restartNeeded);
    }

    public static PolicyDiff between(PolicySnapshot before, PolicySnapshot after) {
        List<String> changes = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        Map<String, Object> a = before.document().tree();
        Map<String, Object> b = after.document().tree();
        leaves("defaults", map(a.get("defaults")), map(b.get("defaults")), changes);
        destinations("domain", "domains", map(a.get("domains")), map(b.get("domains")), changes);
        destinations("site", "sites", map(a.get("sites")), map(b.get("sites")), changes);
        rules(list(a.get("rules")), list(b.get("rules")), changes);
        dkim(before, after, changes);
        if (!Objects.equals(a.get("sender"), b.get("sender"))) {
            restart.add("sender (sender-health settings) changed: applied at the next restart");
        }
        if (!before.flow().defaults().getWindow().equals(after.flow().defaults().getWindow())) {
            restart.add("defaults.flow.window changed (" + before.flow().defaults().getWindow() + " -> "
                    + after.flow().defaults().getWindow() + "): the counting window keeps its length until a restart");
        }
        if (!before.policies().transports().keySet().equals(after.policies().transports().keySet())) {
            restart.add("relays changed: mail goes to the new ones now; the SMTP health check probes the new ones"
                    + " after a restart");
        }
        return new PolicyDiff(changes, restart);
    }

    /** One sentence per change, in file order (sections: defaults, domains, sites, rules, dkim). */
    public List<String> changes() {
        return changes;
    }

    /** Changes a reload does not apply (they need a restart), one sentence each. */
    public List<String> restartNeeded() {
        return restartNeeded;
    }

    public boolean isEmpty() {
        return changes.isEmpty() && restartNeeded.isEmpty();
    }

    private static void destinations(String what, String section, Map<String, Object> a, Map<String, Object> b,
                                     List<String> out) {
        for (String name : union(a.keySet(), b.keySet())) {
            if (!a.containsKey(name)) {
                out.add(what + " " + name + " added");
            } else if (!b.containsKey(name)) {
                out.add(what + " " + name + " removed");
            } else {
                leaves(section + "." + name, map(a.get(name)), map(b.get(name)), out);
            }
        }
    }

    /** Every leaf key that differs: "path: old -> new" (or "path changed" for hidden ones). */
    private static void leaves(String path, Map<String, Object> a, Map<String, Object> b, List<String> out) {
        Map<String, Object> fa = flatten(path, a);
        Map<String, Object> fb = flatten(path, b);
        for (String key : union(fa.keySet(), fb.keySet())) {
            Object va = fa.get(key);
            Object vb = fb.get(key);
            if (Objects.equals(va, vb)) {
                continue;
            }
            if (hidden(key)) {
                out.add(key + " changed");
            } else {
                out.add(key + ": " + shown(va) + " -> " + shown(vb));
            }
        }
    }

    private static void rules(List<Object> a, List<Object> b, List<String> out) {
        Map<String, Object> ra = byName(a);
        Map<String, Object> rb = byName(b);
        for (String name : union(ra.keySet(), rb.keySet())) {
            if (!ra.containsKey(name)) {
                out.add("rule " + name + " added");
            } else if (!rb.containsKey(name)) {
                out.add("rule " + name + " removed");
            } else if (!Objects.equals(ra.get(name), rb.get(name))) {
                out.add("rule " + name + " changed");
            }
        }
        if (out.stream().noneMatch(s -> s.startsWith("rule ")) && !a.equals(b)) {
            out.add("rules reordered");
        }
    }

    private static void dkim(PolicySnapshot before, PolicySnapshot after, List<String> out) {
        Map<String, String> a = keys(before.dkim().all());
        Map<String, String> b = keys(after.dkim().all());
        for (String selector : union(a.keySet(), b.keySet())) {
            if (!a.containsKey(selector)) {
                out.add("DKIM " + selector + " added");
            } else if (!b.containsKey(selector)) {
                out.add("DKIM " + selector + " removed");
            } else if (!a.get(selector).equals(b.get(selector))) {
                out.add("DKIM " + selector + ": key changed");
            }
        }
    }

    /** "selector s1 of sender.example" -> a fingerprint (file and public key; never the private key). */
    private static Map<String, String> keys(List<DkimKey> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put("selector " + k.selector() + " of " + k.domainPattern(),
                k.file() + " " + k.algorithm() + " " + k.publicKeyBase64()));
        return out;
    }

    private static Map<String, Object> byName(List<Object> rules) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Object rule = rules.get(i);
            Object name = rule instanceof Map<?, ?> m ? m.get("name") : null;
            out.put(name != null ? name.toString() : "#" + (i + 1), rule);
        }
        return out;
    }

    private static Map<String, Object> flatten(String path, Map<String, Object> section) {
        Map<String, Object> out = new LinkedHashMap<>();
        section.forEach((k, v) -> {
            String key = path + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                out.putAll(flatten(key, map(m)));
            } else {
                out.put(key, v);
            }
        });
        return out;
    }

    private static boolean hidden(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return HIDDEN.stream().anyMatch(k::contains);
    }

    private static String shown(Object v) {
        return v == null ? "(none)" : v.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @Override
    public String toString() {
        return changes.isEmpty() ? "no change" : String.join("; ", changes);
    }
}
