package io.sluice.boot;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.util.Map;

/**
 * Starts Sluice on Camel Main: the properties file of the config directory, the route files of the routes
 * directory, and {@link SluiceBeans} for the beans. The same launcher serves the service, the demo and the
 * tests, so they all run the real routes.
 */
public final class SluiceLauncher {

    private final SluiceLocations locations;
    private final Main main = new Main();

    public SluiceLauncher(SluiceLocations locations) {
        MailStreamProvider.nameIfFlatClassPath();
        this.locations = locations.requireExisting();
        main.setPropertyPlaceholderLocations(locations.propertiesLocation());
        locations.initialProperties().forEach(main::addInitialProperty);
    }

    /** Properties that win over the file (environment variables and -D still win over these). */
    public SluiceLauncher withProperties(Map<String, String> overrides) {
        overrides.forEach(main::addOverrideProperty);
        return this;
    }

    /** Binds a bean before start (a test's clock as "sluiceClock", say); SluiceBeans keeps what is bound. */
    public SluiceLauncher withBean(String name, Object bean) {
        main.bind(name, bean);
        return this;
    }

    /** Runs until the JVM is asked to stop (SIGTERM / Ctrl+C); returns the exit code. */
    public int runUntilStopped(String[] args) throws Exception {
        return main.run(args);
    }

    /** Starts Sluice and returns once its routes are started. */
    public CamelContext start() throws Exception {
        main.start();
        return main.getCamelContext();
    }

    /** True once the JVM was asked to stop (SIGTERM / Ctrl+C): a caller of {@link #start()} should then stop. */
    public boolean stopRequested() {
        return !main.getShutdownStrategy().isRunAllowed();
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    public void stop() throws Exception {
        main.stop();
    }
}
