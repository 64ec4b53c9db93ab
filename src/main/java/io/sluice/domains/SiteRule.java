package io.sluice.domains;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An MX rollup rule ({@code sites.<name>.mx} in domains.yaml): every domain with an MX host matching one of the
 * patterns belongs to the site {@code name}, which has one throttle and one flow-control state (like PowerMTA's
 * mx-rollup and KumoMTA's site names, matched by MX host like Campaign's MX rules). Patterns are host names
 * where {@code *} stands for any characters: {@code *.google.com}, {@code *.mail.protection.outlook.com}.
 */
public record SiteRule(String name, List<String> patterns, List<Pattern> compiled) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern HOST_PATTERN = Pattern.compile("[a-z0-9*][a-z0-9.*-]*");

    public SiteRule {
        patterns = List.copyOf(patterns);
        compiled = List.copyOf(compiled);
    }

    /** @param key the YAML key path ({@code sites.google}), named in error messages */
    static SiteRule of(String key, String name, Object mx) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(n).matches()) {
            // a site name is a flow-control key, a JMX name and a metrics tag: keep it a plain token
            throw new IllegalArgumentException(key + ": a site name must be letters, digits, '.', '_' or '-', was '" + name + "'");
        }
        if (!(mx instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(key + ".mx must be a non-empty list of MX host patterns like \"*.google.com\", was " + mx);
        }
        List<String> patterns = new ArrayList<>();
        List<Pattern> compiled = new ArrayList<>();
        for (Object o : list) {
            String p = o instanceof String s ? s.trim().toLowerCase(Locale.ROOT) : "";
            if (p.endsWith(".")) {
                p = p.substring(0, p.length() - 1);
            }
            if (!HOST_PATTERN.matcher(p).matches()) {
                throw new IllegalArgumentException(key + ".mx: not an MX host pattern: " + o);
            }
            patterns.add(p);
            compiled.add(Pattern.compile(Pattern.quote(p).replace("*", "\\E.*\\Q")));
        }
        return new SiteRule(n, patterns, compiled);
    }

    public boolean matches(String mxHost) {
        String h = mxHost.toLowerCase(Locale.ROOT);
        return compiled.stream().anyMatch(p -> p.matcher(h).matches());
    }
}
