package io.sluice.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Function;

/**
 * Copies the default configuration packed in the bundle ({@code sluice/config/**}, {@code sluice/routes/**})
 * to the directories users edit, file by file, never overwriting a file that exists: a first start gets
 * everything, an upgrade only gets files it did not have, and user edits are kept.
 * <p>
 * The copied {@code application.properties} gets a Karaf section at its end that puts the embedded state
 * ({@code sluice.data-dir}: H2 database, Artemis journal) under Karaf's data directory. An existing one that lacks
 * settings of this bundle gets them appended with their defaults ({@link PropertiesUpgrade}). The Karaf section also
 * sets the console's realm and port for Karaf ({@link #KARAF_CONSOLE}).
 */
public final class DefaultConfig {

    static final String CONFIG_PREFIX = "sluice/config/";
    static final String ROUTES_PREFIX = "sluice/routes/";
    /**
     * The console's settings that differ in Karaf (these lines come after the packaged ones, so they win): Karaf's
     * users log in, and the port is not 8181, which Karaf's own HTTP service takes when it is installed.
     */
    static final String KARAF_CONSOLE = "# The console (Hawtio): log in with Karaf's users (JAAS realm karaf, etc/users.properties)"
            + " at\n# http://127.0.0.1:8183/hawtio/ (Karaf's own HTTP service, when installed, has 8181). Change them here.\n"
            + "sluice.console.realm = karaf\n"
            + "sluice.console.port = 8183\n";
    private static final String CONSOLE_REALM = "sluice.console.realm";

    private DefaultConfig() {
    }

    /**
     * @param entries lists the resource paths of the bundle under a prefix (recursively)
     * @param open    opens one of them
     * @return the files written
     */
    public static List<Path> install(Function<String, List<String>> entries, Function<String, InputStream> open,
                                     Path configDir, Path routesDir, Path dataDir) throws IOException {
        List<Path> written = new ArrayList<>();
        copyTree(entries, open, CONFIG_PREFIX, configDir, dataDir, written);
        copyTree(entries, open, ROUTES_PREFIX, routesDir, dataDir, written);
        Files.createDirectories(routesDir);
        return written;
    }

    /**
     * Appends to an existing {@code application.properties} the settings of the bundle's that it lacks (a file copied
     * by an older bundle), with their packaged comments and defaults.
     *
     * @return the keys added; empty when the file had them all or was just copied
     */
    public static List<String> upgradeProperties(Function<String, InputStream> open, Path configDir, String version)
            throws IOException {
        Path file = configDir.resolve("application.properties");
        try (InputStream in = open.apply(CONFIG_PREFIX + "application.properties")) {
            if (in == null || !Files.isRegularFile(file)) {
                return List.of();
            }
            String current = Files.readString(file, StandardCharsets.UTF_8);
            List<String> added = new ArrayList<>();
            if (!PropertiesUpgrade.keys(current).containsKey(CONSOLE_REALM)) {
                // Copied by a bundle that kept the console off in Karaf: its sluice.console.* lines never applied
                // here, and the packaged ones (Sluice's own realm, port 8181) do not fit Karaf.
                current = (current.endsWith("\n") || current.isEmpty() ? current : current + "\n")
                        + "\n## --- Added by the Sluice " + version + " bundle: the console now runs in Karaf too ---\n"
                        + KARAF_CONSOLE;
                added.add(CONSOLE_REALM);
            }
            PropertiesUpgrade.Result result = PropertiesUpgrade.upgrade(current,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), version);
            added.addAll(result.added());
            if (!added.isEmpty()) {
                Files.writeString(file, result.properties(), StandardCharsets.UTF_8);
            }
            return added;
        }
    }

    private static void copyTree(Function<String, List<String>> entries, Function<String, InputStream> open,
                                 String prefix, Path target, Path dataDir, List<Path> written) throws IOException {
        Files.createDirectories(target);
        for (String entry : entries.apply(prefix)) {
            if (entry.endsWith("/")) {
                continue;
            }
            Path file = target.resolve(entry.substring(prefix.length())).normalize();
            if (!file.startsWith(target) || Files.exists(file)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = open.apply(entry)) {
                if (in == null) {
                    continue;
                }
                byte[] content = in.readAllBytes();
                if (entry.equals(CONFIG_PREFIX + "application.properties")) {
                    content = withKarafSection(new String(content, StandardCharsets.UTF_8), dataDir)
                            .getBytes(StandardCharsets.UTF_8);
                }
                Files.write(file, content);
                written.add(file);
            }
        }
    }

    static String withKarafSection(String properties, Path dataDir) {
        return properties + "\n## --- Apache Karaf (added when the Sluice bundle first installed this file) ---\n"
                + "# Embedded state (H2 database, Artemis journal) under Karaf's data directory.\n"
                + "sluice.data-dir = " + dataDir.toString().replace('\\', '/') + "\n"
                + KARAF_CONSOLE;
    }

    /** The bundle entry lister for {@link org.osgi.framework.Bundle#findEntries}. */
    static List<String> list(Enumeration<URL> urls, String prefix) {
        List<String> paths = new ArrayList<>();
        if (urls == null) {
            return paths;
        }
        while (urls.hasMoreElements()) {
            String path = urls.nextElement().getPath();
            int at = path.indexOf(prefix);
            if (at >= 0) {
                paths.add(path.substring(at));
            }
        }
        return paths;
    }
}
