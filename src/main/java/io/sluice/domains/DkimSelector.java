package io.sluice.domains;

import static io.sluice.domains.KeyTable.Owner.DKIM;
import static io.sluice.domains.KeyTable.key;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One DKIM selector of {@code domains.yaml}'s {@code dkim} section, as written: the From domain it signs for
 * ({@code sender.example}, or {@code *.example.com} for that domain and its subdomains), the selector and the
 * private key file (relative paths are resolved against the configuration directory by the reader of the keys,
 * {@code io.sluice.dkim}). Only the names are checked here; the key file is read by {@code io.sluice.dkim}.
 *
 * @param domainPattern lower case, {@code *.} only as a prefix
 * @param path          the entry's path in the file, for messages ({@code dkim.sender.example[0]})
 */
public record DkimSelector(String domainPattern, String selector, String privateKey, String path) {

    /** RFC 6376 3.1: a selector is one or more DNS labels. */
    private static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern DOMAIN = Pattern.compile("(?:\\*\\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
            + "(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    /** A draft of one entry: what its key table reads. */
    private static final class Draft {
        String selector;
        String privateKey;
    }

    private static final KeyTable<Draft> ENTRY_KEYS = KeyTable.of(
            KeyTable.<Draft>key("selector", DKIM, (d, path, v) -> d.selector = YamlValues.text(path, v)).required(),
            KeyTable.<Draft>key("privateKey", DKIM, (d, path, v) -> d.privateKey = YamlValues.text(path, v)).required());

    /** Reads the {@code dkim} section: per From domain, one selector map or a list of them. */
    static List<DkimSelector> section(String path, Object value) {
        Map<String, Object> domains = YamlValues.map(path, value);
        if (domains == null) {
            return List.of();
        }
        List<DkimSelector> out = new ArrayList<>();
        domains.forEach((name, v) -> {
            String domain = name.trim().toLowerCase(Locale.ROOT);
            String key = YamlValues.child(path, name);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException(key + ": '" + name
                        + "' is not a domain name (sender.example, or *.example.com for it and its subdomains)");
            }
            if (v instanceof List<?> list) {
                if (list.isEmpty()) {
                    throw new IllegalArgumentException(key + " must list at least one selector");
                }
                for (int i = 0; i < list.size(); i++) {
                    out.add(entry(domain, key + "[" + i + "]", list.get(i)));
                }
            } else {
                out.add(entry(domain, key, v));
            }
        });
        return Collections.unmodifiableList(out);
    }

    private static DkimSelector entry(String domain, String path, Object value) {
        Map<String, Object> section = YamlValues.map(path, value);
        if (section == null) {
            throw new IllegalArgumentException(path + " must be a map with selector and privateKey, was null");
        }
        Draft d = ENTRY_KEYS.read(path, section, new Draft());
        if (d.selector == null || !SELECTOR.matcher(d.selector).matches()) {
            throw new IllegalArgumentException(path + ".selector: '" + d.selector
                    + "' is not a DKIM selector (DNS labels: letters, digits, '-', '.')");
        }
        if (d.privateKey == null || d.privateKey.isBlank()) {
            throw new IllegalArgumentException(path + ".privateKey: the path of a PKCS#8 PEM file is required");
        }
        return new DkimSelector(domain, d.selector, d.privateKey.trim(), path);
    }
}
