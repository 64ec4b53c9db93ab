package io.sluice.db;

import io.sluice.config.SluiceLocations;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The database settings of the command-line tools ({@code init-db}, {@code report}): the same properties
 * as the service (file, environment variables, -D) read by Camel's properties component alone — not Camel
 * Main, whose auto-configuration would start the service's beans (console, broker...).
 */
public final class ConfiguredDatabase {

    private ConfiguredDatabase() {
    }

    public static DatabaseSettings settings(SluiceLocations locations) throws Exception {
        return withProperties(locations, (CamelContext context) -> settings(context));
    }

    /** The database settings of a context's properties. */
    public static DatabaseSettings settings(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        return DatabaseSettings.of(required(props, "sluice.db.url"), required(props, "sluice.db.user"),
                required(props, "sluice.db.password"), 1, Path.of(required(props, "sluice.data-dir")));
    }

    /** A setting the properties must have (empty is a value: e.g. no URL = the embedded database); no Java default. */
    private static String required(PropertiesComponent props, String key) {
        return props.resolveProperty(key).orElseThrow(() -> new IllegalStateException("Setting " + key
                + " is missing from Sluice's application.properties (see the shipped config/application.properties)"));
    }

    /** What a command reads from Sluice's properties, given a Camel context that only resolves them. */
    @FunctionalInterface
    public interface PropertiesReader<T> {
        T read(CamelContext context) throws Exception;
    }

    /** Runs {@code reader} on a Camel context holding Sluice's properties, which starts nothing. */
    public static <T> T withProperties(SluiceLocations locations, PropertiesReader<T> reader) throws Exception {
        locations.requireExisting();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PropertiesComponent props = context.getPropertiesComponent();
            props.setLocation(locations.propertiesLocation());
            Properties initial = new Properties();
            initial.putAll(locations.initialProperties());
            props.setInitialProperties(initial);
            return reader.read(context);
        }
    }
}
