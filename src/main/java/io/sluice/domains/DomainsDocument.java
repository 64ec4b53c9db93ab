package io.sluice.domains;

import static io.sluice.domains.KeyTable.Owner.DKIM;
import static io.sluice.domains.KeyTable.Owner.FLOW_CONTROL;
import static io.sluice.domains.KeyTable.Owner.POLICIES;
import static io.sluice.domains.KeyTable.key;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The one reader of {@code domains.yaml}: the files merged (later files override earlier ones key by key; their
 * {@code rules} come first, so a user's rule beats a shipped one), every key checked against the table of its
 * section and every destination section read once. {@link DomainPolicies} and flow control's settings are built
 * from this document; the {@code flow}, {@code rules} and {@code sender} values are handed to flow control,
 * whose tables read them; the {@code dkim} selectors ({@link DkimSelector}) to {@code io.sluice.dkim}, which reads
 * their keys.
 */
public final class DomainsDocument {

    /** The top-level keys. */
    static final KeyTable<DomainsDocument> ROOT_KEYS = KeyTable.of(
            key("defaults", POLICIES, (doc, path, v) -> doc.defaults = Destination.domain(path, orEmpty(YamlValues.map(path, v)))),
            key("dkim", DKIM, (doc, path, v) -> doc.dkim = DkimSelector.section(path, v)),
            key("domains", POLICIES, (doc, path, v) -> doc.domains = destinations(path, v, false)),
            key("rules", FLOW_CONTROL, (doc, path, v) -> doc.rules = rules(v)),
            key("sender", FLOW_CONTROL, (doc, path, v) -> doc.sender = orEmpty(YamlValues.map(path, v))),
            key("sites", POLICIES, (doc, path, v) -> doc.sites = destinations(path, v, true)));

    private static final DomainsDocument EMPTY = of(Map.of());

    private Destination defaults = Destination.domain("defaults", Map.of());
    private Map<String, Destination> domains = Map.of();
    private Map<String, Destination> sites = Map.of();
    private List<Object> rules = List.of();
    private Map<String, Object> sender = Map.of();
    private List<DkimSelector> dkim = List.of();
    private Map<String, Object> tree = Map.of();

    private DomainsDocument() {
    }

    /** Reads and merges the files in order ({@code sluice.domains.files}). */
    public static DomainsDocument load(List<Path> files) throws IOException {
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("sluice.domains.files: " + file + " does not exist");
            }
            texts.put(file, Files.readString(file));
        }
        return load(texts);
    }

    /**
     * Merges the texts of the files, in order, as {@link #load(List)} does with what it reads (a live reload
     * parses exactly the bytes it hashed).
     */
    public static DomainsDocument load(Map<Path, String> texts) {
        List<Path> files = List.copyOf(texts.keySet());
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Map.Entry<Path, String> entry : texts.entrySet()) {
            Path file = entry.getKey();
            Object doc = yaml(file.toString(), entry.getValue());
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + ": the document must be a mapping with defaults/domains/rules");
            }
            try {
                merge(merged, YamlValues.map("", map));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        try {
            return of(merged);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid domain policy in " + files + ": " + e.getMessage(), e);
        }
    }

    /** Parses one document's text (an empty text is an empty document). */
    public static DomainsDocument parse(String text) {
        Object root = yaml("domains.yaml", text);
        return root == null ? EMPTY : of(YamlValues.map("", root));
    }

    /** Reads the tree snakeyaml-engine's {@code Load} produced. */
    public static DomainsDocument of(Map<String, Object> root) {
        Map<String, Object> tree = root == null ? Map.of() : YamlValues.map("", root);
        DomainsDocument document = ROOT_KEYS.read("", tree, new DomainsDocument());
        document.tree = Collections.unmodifiableMap(new LinkedHashMap<>(tree));
        return document;
    }

    /** The merged tree as read (sections by name), e.g. to tell what changed between two versions of the files. */
    public Map<String, Object> tree() {
        return tree;
    }

    /** {@code defaults}: the values of every destination that sets none of its own. */
    public Destination defaults() {
        return defaults;
    }

    /** {@code domains.<domain>} by the domain as written, in file order. */
    public Map<String, Destination> domains() {
        return domains;
    }

    /** {@code sites.<name>} (MX rollup rules) by the name as written, in file order. */
    public Map<String, Destination> sites() {
        return sites;
    }

    /** {@code rules}, each entry as written (flow control's reply rules read them), first rules first. */
    public List<Object> rules() {
        return rules;
    }

    /** {@code sender}, as written (flow control's sender-health settings read it); empty when absent. */
    public Map<String, Object> sender() {
        return sender;
    }

    /** {@code dkim}: the DKIM selectors per From domain, in file order (io.sluice.dkim reads their keys). */
    public List<DkimSelector> dkim() {
        return dkim;
    }

    private static Object yaml(String label, String text) {
        return new Load(LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(label).build()).loadFromString(text);
    }

    private static Map<String, Destination> destinations(String path, Object value, boolean sites) {
        Map<String, Destination> out = new LinkedHashMap<>();
        orEmpty(YamlValues.map(path, value)).forEach((name, v) -> {
            if (name.isBlank()) {
                throw new IllegalArgumentException(path + " must not have a blank " + (sites ? "site" : "domain") + " name");
            }
            String key = path + "." + name;
            Map<String, Object> section = YamlValues.map(key, v);
            if (section == null) {
                throw new IllegalArgumentException(key + " must be a map, was null");
            }
            out.put(name, sites ? Destination.site(key, name, section) : Destination.domain(key, section));
        });
        return Collections.unmodifiableMap(out);
    }

    private static List<Object> rules(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("rules must be a list of rules, was " + YamlValues.describe(value));
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static Map<String, Object> orEmpty(Map<String, Object> section) {
        return section == null ? Map.of() : section;
    }

    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        from.forEach((k, v) -> {
            Object existing = into.get(k);
            if ("rules".equals(k) && existing instanceof List<?> old && v instanceof List<?> add) {
                List<Object> rules = new ArrayList<>(add);
                rules.addAll(old);
                into.put(k, rules);
            } else if (existing instanceof Map<?, ?> a && v instanceof Map<?, ?> b) {
                Map<String, Object> copy = new LinkedHashMap<>(YamlValues.map(k, a));
                merge(copy, YamlValues.map(k, b));
                into.put(k, copy);
            } else {
                into.put(k, v);
            }
        });
    }
}
