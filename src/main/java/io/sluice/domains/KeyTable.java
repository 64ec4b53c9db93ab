package io.sluice.domains;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The keys of one section of {@code domains.yaml}, in the order messages list them: each key's name, the part
 * of Sluice that owns it, how its value is read (type and validation) and where it goes. A key no table names
 * is refused with its full path; a key is read by exactly one table, so no part has to know another's keys.
 *
 * @param <T> what the section is read into (a builder or a draft)
 */
public final class KeyTable<T> {

    /** The part of Sluice that owns a key. */
    public enum Owner {
        /** {@link DomainPolicies}: transports, TLS, AUTH, MX rollup sites, connection and hourly limits. */
        POLICIES,
        /** Flow control: {@code flow}, {@code rules}, {@code sender}. */
        FLOW_CONTROL,
        /** DKIM signing ({@code io.sluice.dkim}): {@code dkim}, its selectors and key files. */
        DKIM
    }

    /** Reads one key's value (null when absent but required) into the target; {@code path} is the key's full path. */
    @FunctionalInterface
    public interface Reader<T> {
        void read(T target, String path, Object value);
    }

    /** @param alwaysRead read even when absent (its reader reports the missing value) */
    public record Key<T>(String name, Owner owner, boolean alwaysRead, Reader<T> reader) {

        /** This key, read even when absent. */
        public Key<T> required() {
            return new Key<>(name, owner, true, reader);
        }
    }

    private final Map<String, Key<T>> keys;

    private KeyTable(Map<String, Key<T>> keys) {
        this.keys = keys;
    }

    @SafeVarargs
    public static <T> KeyTable<T> of(Key<T>... keys) {
        Map<String, Key<T>> byName = new LinkedHashMap<>();
        for (Key<T> k : keys) {
            if (byName.put(k.name(), k) != null) {
                throw new IllegalStateException("key " + k.name() + " twice in one table");
            }
        }
        return new KeyTable<>(byName);
    }

    /** A key whose value is parsed by {@code parse} (which names the path on error), then given to {@code set}. */
    public static <T, V> Key<T> key(String name, Owner owner, BiFunction<String, Object, V> parse, BiConsumer<T, V> set) {
        return new Key<>(name, owner, false, (target, path, v) -> set.accept(target, parse.apply(path, v)));
    }

    /** A key read by {@code reader} as it is. */
    public static <T> Key<T> key(String name, Owner owner, Reader<T> reader) {
        return new Key<>(name, owner, false, reader);
    }

    /** The keys owned by {@code owner}, in table order. */
    public List<String> names(Owner owner) {
        return keys.values().stream().filter(k -> k.owner() == owner).map(Key::name).toList();
    }

    /** Refuses the first key of {@code section} this table does not name. */
    public void check(String path, Map<String, ?> section) {
        for (String k : section.keySet()) {
            if (!keys.containsKey(k)) {
                throw new IllegalArgumentException(YamlValues.child(path, k) + " is not a known key; known: "
                        + String.join(", ", keys.keySet()));
            }
        }
    }

    /** Checks the keys of {@code section}, then reads the given (and the required) ones in table order. */
    public T read(String path, Map<String, Object> section, T target) {
        check(path, section);
        for (Key<T> k : keys.values()) {
            if (k.alwaysRead() || section.containsKey(k.name())) {
                k.reader().read(target, YamlValues.child(path, k.name()), section.get(k.name()));
            }
        }
        return target;
    }
}
