package io.sluice.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where Sluice reads its configuration directory ({@code application.properties}, {@code domains.yaml},
 * {@code sql/}) and its routes directory. {@code SLUICE_CONFIG_DIR} and {@code SLUICE_ROUTES_DIR} (or the
 * system properties {@code sluice.config-dir} / {@code sluice.routes-dir}) win; the defaults are
 * {@code ./config} and {@code ./routes}. Both must exist: a missing directory is a start-up error, not a
 * silent fallback.
 */
public record SluiceLocations(Path configDir, Path routesDir) {

    public static final String CONFIG_DIR_ENV = "SLUICE_CONFIG_DIR";
    public static final String ROUTES_DIR_ENV = "SLUICE_ROUTES_DIR";

    public SluiceLocations {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(routesDir, "routesDir");
        configDir = configDir.toAbsolutePath().normalize();
        routesDir = routesDir.toAbsolutePath().normalize();
    }

    public static SluiceLocations fromEnvironment() {
        return from(System.getenv(), System.getProperties()::getProperty);
    }

    static SluiceLocations from(Map<String, String> env, java.util.function.UnaryOperator<String> sysProps) {
        String config = firstNonBlank(sysProps.apply("sluice.config-dir"), env.get(CONFIG_DIR_ENV), "config");
        String routes = firstNonBlank(sysProps.apply("sluice.routes-dir"), env.get(ROUTES_DIR_ENV), "routes");
        return new SluiceLocations(Path.of(config), Path.of(routes));
    }

    /** Fails fast, naming the variable to set, when a directory is missing. */
    public SluiceLocations requireExisting() {
        if (!Files.isRegularFile(configDir.resolve("application.properties"))) {
            throw new IllegalStateException("No application.properties in " + configDir
                    + ": set " + CONFIG_DIR_ENV + " to Sluice's config directory (default ./config)");
        }
        if (!Files.isDirectory(routesDir)) {
            throw new IllegalStateException("Routes directory " + routesDir + " does not exist: set "
                    + ROUTES_DIR_ENV + " (default ./routes)");
        }
        return this;
    }

    /** The properties Camel Main needs to find everything else. */
    public Map<String, String> initialProperties() {
        return Map.of(
                "sluice.config-dir", configDir.toString(),
                "sluice.routes-dir", routesDir.toString(),
                "camel.main.routes-include-pattern",
                "file:" + routesDir + "/*.yaml,file:" + routesDir + "/*.xml");
    }

    public String propertiesLocation() {
        return "file:" + configDir.resolve("application.properties");
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        throw new IllegalArgumentException("no value");
    }
}
