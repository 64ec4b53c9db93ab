package io.sluice.karaf;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * JDBC drivers packed in the bundle, registered with {@link DriverManager} while Sluice runs.
 * <p>
 * {@code DriverManager} discovers drivers once per JVM (through the context class loader of whoever
 * touches it first), which in Karaf is rarely us, and after a bundle refresh our class loader is a new one.
 * HikariCP looks drivers up by URL through {@code DriverManager}, so the bundle registers its own drivers on
 * start and deregisters them on stop (no leaked class loader).
 */
final class JdbcDrivers {

    private final ClassLoader loader;
    private final List<Driver> registered = new ArrayList<>();

    JdbcDrivers(ClassLoader loader) {
        this.loader = loader;
    }

    List<String> register() throws Exception {
        List<String> names = new ArrayList<>();
        List<Driver> present = Collections.list(DriverManager.getDrivers());
        for (String name : driverClassNames()) {
            Class<?> type = Class.forName(name, true, loader);
            if (present.stream().noneMatch(d -> d.getClass() == type)) {
                Driver driver = (Driver) type.getDeclaredConstructor().newInstance();
                DriverManager.registerDriver(driver);
                registered.add(driver);
            }
            names.add(name);
        }
        return names;
    }

    void deregister() {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (Exception ignored) {
                    // best effort on the way out
                }
            }
        }
        registered.clear();
    }

    private List<String> driverClassNames() throws Exception {
        List<String> names = new ArrayList<>();
        Enumeration<URL> files = loader.getResources("META-INF/services/" + Driver.class.getName());
        while (files.hasMoreElements()) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(files.nextElement().openStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String name = line.replaceAll("#.*", "").trim();
                    if (!name.isEmpty() && !names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }
}
