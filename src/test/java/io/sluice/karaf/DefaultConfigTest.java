package io.sluice.karaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultConfigTest {

    private static final Map<String, String> BUNDLE = Map.of(
            "sluice/config/application.properties", "sluice.data-dir = data\n",
            "sluice/config/domains.yaml", "defaults: {}\n",
            "sluice/config/sql/claim.sql", "SELECT 1\n",
            "sluice/routes/claim.camel.yaml", "- route: {}\n");

    private static final Function<String, List<String>> ENTRIES =
            prefix -> BUNDLE.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();

    @Test
    void shouldCopyDefaultsOnceAndNeverOverwriteUserEdits(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("etc/sluice");
        Path routes = config.resolve("routes");
        Path data = tmp.resolve("data/sluice");

        List<Path> first = DefaultConfig.install(ENTRIES, DefaultConfigTest::open, config, routes, data);
        assertThat(first).hasSize(4);
        assertThat(config.resolve("sql/claim.sql")).hasContent("SELECT 1");
        assertThat(routes.resolve("claim.camel.yaml")).exists();
        assertThat(Files.readString(config.resolve("application.properties")))
                .startsWith("sluice.data-dir = data\n")
                .contains("sluice.data-dir = " + data + "\n")
                .endsWith("sluice.console.realm = karaf\nsluice.console.port = 8183\n");

        Files.writeString(config.resolve("domains.yaml"), "edited");
        Files.delete(routes.resolve("claim.camel.yaml"));
        List<Path> second = DefaultConfig.install(ENTRIES, DefaultConfigTest::open, config, routes, data);
        assertThat(second).containsExactly(routes.resolve("claim.camel.yaml"));
        assertThat(config.resolve("domains.yaml")).hasContent("edited");
    }

    @Test
    void shouldAppendTheSettingsAnOlderBundleDidNotHaveAndKeepTheOperatorsValues(@TempDir Path tmp) throws Exception {
        // the shipped file, as an older bundle copied it: two settings missing, one value edited by the operator
        String packaged = Files.readString(Path.of("config/application.properties"));
        String old = packaged
                .replaceAll("(?m)^sluice\\.dkim\\.unsigned\\s*=.*\n", "")
                .replaceAll("(?m)^sluice\\.unsubscribe\\.port\\s*=.*\n", "")
                .replaceAll("(?m)^sluice\\.writer\\.batch-size\\s*=.*$", "sluice.writer.batch-size = 77");
        assertThat(old).doesNotContain("sluice.dkim.unsigned =").contains("sluice.writer.batch-size = 77");
        Path config = tmp.resolve("etc/sluice");
        Files.createDirectories(config);
        Files.writeString(config.resolve("application.properties"), old);
        Function<String, java.io.InputStream> bundle = path -> new ByteArrayInputStream(
                packaged.getBytes(StandardCharsets.UTF_8));

        List<String> added = DefaultConfig.upgradeProperties(bundle, config, "9.9.9");

        assertThat(added).containsExactlyInAnyOrder("sluice.dkim.unsigned", "sluice.unsubscribe.port");
        String upgraded = Files.readString(config.resolve("application.properties"));
        assertThat(upgraded).startsWith(old).contains("Added by the Sluice 9.9.9 bundle");
        java.util.Properties now = new java.util.Properties();
        now.load(new java.io.StringReader(upgraded));
        java.util.Properties shipped = new java.util.Properties();
        shipped.load(new java.io.StringReader(packaged));
        assertThat(now.stringPropertyNames()).as("every shipped setting is there").containsAll(shipped.stringPropertyNames());
        assertThat(now.getProperty("sluice.dkim.unsigned")).isEqualTo(shipped.getProperty("sluice.dkim.unsigned"));
        assertThat(now.getProperty("sluice.writer.batch-size")).as("the operator's value stays").isEqualTo("77");
        assertThat(upgraded.substring(old.length())).as("the setting comes with its comment")
                .contains("# " ).contains("sluice.dkim.unsigned");

        assertThat(DefaultConfig.upgradeProperties(bundle, config, "9.9.9")).as("nothing missing any more").isEmpty();
        assertThat(config.resolve("application.properties")).hasContent(upgraded);
    }

    @Test
    void shouldPointTheConsoleOfAFileFromABundleWithoutTheKarafConsoleAtKarafsRealmAndPort(@TempDir Path tmp)
            throws Exception {
        // an older bundle's copy: the packaged console lines (own realm setting absent, port 8181) plus its Karaf
        // section; the console was forced off in Karaf then
        String packaged = Files.readString(Path.of("config/application.properties"));
        String old = packaged.replaceAll("(?m)^sluice\\.console\\.realm\\s*=.*\n", "")
                + "\n## --- Apache Karaf (added when the Sluice bundle first installed this file) ---\n"
                + "sluice.data-dir = /opt/karaf/data/sluice\n";
        Path config = tmp.resolve("etc/sluice");
        Files.createDirectories(config);
        Files.writeString(config.resolve("application.properties"), old);

        List<String> added = DefaultConfig.upgradeProperties(path -> new ByteArrayInputStream(
                packaged.getBytes(StandardCharsets.UTF_8)), config, "9.9.9");

        assertThat(added).containsExactly("sluice.console.realm");
        String upgraded = Files.readString(config.resolve("application.properties"));
        assertThat(upgraded).startsWith(old).contains("the console now runs in Karaf too");
        java.util.Properties now = new java.util.Properties();
        now.load(new java.io.StringReader(upgraded));
        assertThat(now.getProperty("sluice.console.realm")).isEqualTo("karaf");
        assertThat(now.getProperty("sluice.console.port")).as("not Karaf's HTTP port").isEqualTo("8183");
        assertThat(now.getProperty("sluice.data-dir")).isEqualTo("/opt/karaf/data/sluice");
    }

    private static ByteArrayInputStream open(String path) {
        return new ByteArrayInputStream(BUNDLE.get(path).getBytes(StandardCharsets.UTF_8));
    }
}
