package io.sluice.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting has its default once, in the shipped {@code config/application.properties}: each placeholder the
 * routes (and that file itself) use, and each {@code sluice.*} property the Java wiring (io.sluice.boot) reads, is
 * defined there. The Java side reads them without a default, so a missing one would stop start-up.
 */
class RoutePlaceholdersTest {

    private static final Path PROPERTIES = Path.of("config", "application.properties");
    /** {{name}}, {{name:default}}, {{?name}} (optional). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}:]+)(?::[^}]*)?}}");
    /** Property functions ({{env:NAME}}, {{sys:name}}) name no property of the file. */
    private static final Set<String> FUNCTIONS = Set.of("env", "sys", "bean", "service", "service.host",
            "service.port");
    /** The typed readers of io.sluice.boot.Wiring: w.text("sluice.x"), w.integer(...), w.flag(...), w.duration(...). */
    private static final Pattern WIRING_READ = Pattern.compile("\\b(?:text|integer|flag|duration)\\(\"([^\"]+)\"\\)");

    @Test
    void shouldDefineEveryPlaceholderOfTheRoutesInApplicationProperties() throws IOException {
        Set<String> defined = defined();
        TreeMap<String, Path> used = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".xml")).sorted()
                    .forEach(file -> placeholders(file).forEach(name -> used.putIfAbsent(name, file)));
        }
        placeholders(PROPERTIES).forEach(name -> used.putIfAbsent(name, PROPERTIES));

        assertThat(used).as("placeholders found in routes/").containsKey("sluice.sql.location");
        TreeMap<String, Path> missing = new TreeMap<>(used);
        missing.keySet().removeAll(defined);
        assertThat(missing).as("placeholders (and the file using them) not defined in %s", PROPERTIES).isEmpty();
    }

    @Test
    void shouldDefineEverySettingTheWiringReadsInApplicationProperties() throws IOException {
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.list(Path.of("src", "main", "java", "io", "sluice", "boot"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = WIRING_READ.matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }

        assertThat(read).as("settings read by io.sluice.boot").contains("sluice.claim.batch-size", "sluice.data-dir")
                .hasSizeGreaterThan(50);
        assertThat(read).as("settings read by io.sluice.boot but not defined in %s", PROPERTIES)
                .isSubsetOf(defined());
    }

    private static Set<String> defined() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES)) {
            props.load(in);
        }
        return props.stringPropertyNames();
    }

    private static Set<String> placeholders(Path file) {
        Set<String> names = new TreeSet<>();
        Matcher m;
        try {
            m = PLACEHOLDER.matcher(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (m.find()) {
            String name = m.group(1).trim();
            if (!FUNCTIONS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
