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
                .endsWith("sluice.data-dir = " + data + "\n");

        Files.writeString(config.resolve("domains.yaml"), "edited");
        Files.delete(routes.resolve("claim.camel.yaml"));
        List<Path> second = DefaultConfig.install(ENTRIES, DefaultConfigTest::open, config, routes, data);
        assertThat(second).containsExactly(routes.resolve("claim.camel.yaml"));
        assertThat(config.resolve("domains.yaml")).hasContent("edited");
    }

    private static ByteArrayInputStream open(String path) {
        return new ByteArrayInputStream(BUNDLE.get(path).getBytes(StandardCharsets.UTF_8));
    }
}
