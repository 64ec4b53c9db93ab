package io.sluice.karaf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings an operator's {@code application.properties} up to a newer bundle: every setting the packaged file has and
 * the operator's lacks is appended, with its packaged comment, in a section that names the version. Nothing the
 * operator wrote is changed or reordered.
 * <p>
 * Why: Sluice reads every setting without a Java default ({@code io.sluice.boot.Wiring}), so a file copied by an older
 * bundle (DefaultConfig never overwrites it) would otherwise stop the start of the new one on the first setting
 * added since. Appending, rather than layering the packaged file under the operator's at run time, keeps the file
 * the whole truth of what runs, and the log says what was added.
 */
final class PropertiesUpgrade {

    /** The appended text, and the keys it adds (empty when nothing was missing). */
    record Result(String properties, List<String> added) {
    }

    private PropertiesUpgrade() {
    }

    static Result upgrade(String current, String packaged, String version) {
        Set<String> present = keys(current).keySet();
        StringBuilder section = new StringBuilder();
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, String> setting : keys(packaged).entrySet()) {
            if (!present.contains(setting.getKey())) {
                section.append(setting.getValue());
                added.add(setting.getKey());
            }
        }
        if (added.isEmpty()) {
            return new Result(current, List.of());
        }
        String text = (current.endsWith("\n") || current.isEmpty() ? current : current + "\n")
                + "\n## --- Added by the Sluice " + version + " bundle: settings this file did not have, with their"
                + " defaults ---\n" + section;
        return new Result(text, List.copyOf(added));
    }

    /** Each key of a properties text with its setting's text: the comment lines right above it and its line. */
    static Map<String, String> keys(String properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        StringBuilder comment = new StringBuilder();
        for (String line : properties.split("\r?\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("##")) {
                comment.setLength(0);     // a blank line or a section title ends a comment block
            } else if (trimmed.startsWith("#") || trimmed.startsWith("!")) {
                comment.append(line).append('\n');
            } else {
                String key = key(trimmed);
                settings.putIfAbsent(key, comment + line + "\n");
                comment.setLength(0);
            }
        }
        return settings;
    }

    /** The sorted keys of a properties text (tests and logs). */
    static Set<String> keySet(String properties) {
        return new TreeSet<>(keys(properties).keySet());
    }

    private static String key(String line) {
        int end = 0;
        while (end < line.length() && "=: \t".indexOf(line.charAt(end)) < 0) {
            end += line.charAt(end) == '\\' ? 2 : 1;
        }
        return line.substring(0, Math.min(end, line.length()));
    }
}
