package io.sluice.karaf;

import io.sluice.boot.SluiceLauncher;
import io.sluice.config.SluiceLocations;
import org.apache.camel.CamelContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Starts Sluice when its bundle starts and stops it when the bundle stops: the same {@link SluiceLauncher},
 * routes and beans as {@code java -jar sluice.jar}, with
 * <ul>
 *   <li>configuration directory {@code ${karaf.etc}/sluice} ({@code application.properties},
 *       {@code domains.yaml}, {@code sql/}),</li>
 *   <li>routes directory {@code ${karaf.etc}/sluice/routes} (YAML and XML),</li>
 *   <li>embedded state under {@code ${karaf.data}/sluice},</li>
 * </ul>
 * overridable with the system properties / environment variables the standalone jar reads
 * ({@code sluice.config-dir}, {@code SLUICE_CONFIG_DIR}, ...). Missing files are copied from the defaults
 * packed in the bundle first. Edits take effect on {@code bundle:restart io.sluice}.
 * <p>
 * Camel's service discovery ({@code META-INF/services/org/apache/camel/...}), the YAML/XML route loaders,
 * JDBC drivers and Artemis look classes up through the thread context class loader: it is the bundle's
 * class loader while Camel starts and stops (threads created meanwhile inherit it).
 */
public final class SluiceActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceActivator.class);

    private volatile SluiceLauncher launcher;
    private volatile JdbcDrivers drivers;

    @Override
    public void start(BundleContext context) throws Exception {
        long t0 = System.nanoTime();
        Bundle bundle = context.getBundle();
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        Path data = Path.of(System.getProperty("karaf.data", "data"));
        Path configDir = Path.of(firstNonBlank(System.getProperty("sluice.config-dir"),
                System.getenv(SluiceLocations.CONFIG_DIR_ENV), etc.resolve("sluice").toString()));
        Path routesDir = Path.of(firstNonBlank(System.getProperty("sluice.routes-dir"),
                System.getenv(SluiceLocations.ROUTES_DIR_ENV), configDir.resolve("routes").toString()));

        List<Path> written = DefaultConfig.install(
                prefix -> DefaultConfig.list(bundle.findEntries(prefix, "*", true), prefix),
                path -> open(bundle.getEntry(path)),
                configDir, routesDir, data.resolve("sluice"));
        if (!written.isEmpty()) {
            LOG.info("Sluice: installed {} default configuration file(s) under {} and {}", written.size(),
                    configDir, routesDir);
        }
        List<String> added = DefaultConfig.upgradeProperties(path -> open(bundle.getEntry(path)), configDir,
                String.valueOf(bundle.getVersion()));
        if (!added.isEmpty()) {
            LOG.info("Sluice: {} has no {} of this bundle's settings; appended them with their defaults: {}",
                    configDir.resolve("application.properties"), added.size(), added);
        }

        SluiceLocations locations = new SluiceLocations(configDir, routesDir);
        LOG.info("Sluice: starting with configuration {} and routes {}", locations.configDir(), locations.routesDir());
        JdbcDrivers jdbc = new JdbcDrivers(SluiceActivator.class.getClassLoader());
        LOG.info("Sluice: JDBC drivers {}", jdbc.register());
        drivers = jdbc;
        // The directory the bundle chose wins over the `sluice.config-dir = config` line of the properties file
        // (standalone, SLUICE_CONFIG_DIR does that as an environment variable override).
        // The console (Hawtio on its own embedded Tomcat) runs here as standalone; the Karaf section of the copied
        // application.properties points it at Karaf's JAAS realm and port 8183 (DefaultConfig.KARAF_CONSOLE).
        SluiceLauncher started = new SluiceLauncher(locations)
                .withProperties(Map.of("sluice.config-dir", locations.configDir().toString()));
        try {
            CamelContext camel = withBundleClassLoader(started::start);
            launcher = started;
            LOG.info("Sluice: Camel context {} started with {} routes in {} ms", camel.getName(),
                    camel.getRoutes().size(), (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.error("Sluice: start failed: {}", e.toString(), e);
            try {
                withBundleClassLoader(() -> {
                    started.stop();
                    return null;
                });
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            closePoolOf(started, e);
            jdbc.deregister();
            throw e;
        }
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        SluiceLauncher running = launcher;
        launcher = null;
        if (running == null) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            withBundleClassLoader(() -> {
                running.stop();
                return null;
            });
        } finally {
            JdbcDrivers jdbc = drivers;
            drivers = null;
            if (jdbc != null) {
                jdbc.deregister();
            }
        }
        LOG.info("Sluice: stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * A context that failed to start never stops its services, so the pool SluiceBeans opened (and with it an
     * embedded H2 database file lock) would outlive the failed start; the JVM does not exit here as it does
     * standalone, and the next start would find the file locked.
     */
    private static void closePoolOf(SluiceLauncher launcher, Throwable failure) {
        try {
            CamelContext camel = launcher.camelContext();
            Object pool = camel == null ? null : camel.getRegistry().lookupByName("dataSource");
            if (pool instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (Exception closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    private static <T> T withBundleClassLoader(Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SluiceActivator.class.getClassLoader());
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static InputStream open(URL url) {
        try {
            return url == null ? null : url.openStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
