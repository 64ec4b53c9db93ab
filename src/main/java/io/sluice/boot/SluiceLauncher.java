package io.sluice.boot;

import io.sluice.config.SluiceLocations;
import io.sluice.console.ConsoleUnavailableException;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Starts Sluice on Camel Main: the properties file of the config directory, the route files of the routes
 * directory, and {@link SluiceBeans} for the beans. The same launcher serves the service, the demo and the
 * tests, so they all run the real routes.
 */
public final class SluiceLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceLauncher.class);

    /**
     * Setting names (their last segment, lower-case, dashes removed) Camel Main must mask when it prints the
     * properties at start, beyond its own list (which has "secret" and "password" but not Sluice's compound names).
     */
    static final String SENSITIVE_KEYWORDS = "returnpathsecret";

    private final SluiceLocations locations;
    private final Main main = new Main();

    public SluiceLauncher(SluiceLocations locations) {
        MailStreamProvider.nameIfFlatClassPath();
        this.locations = locations.requireExisting();
        main.setPropertyPlaceholderLocations(locations.propertiesLocation());
        main.configure().setAdditionalSensitiveKeywords(SENSITIVE_KEYWORDS);
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

    /**
     * Runs until the JVM is asked to stop (SIGTERM / Ctrl+C); returns the exit code. A setting that cannot work
     * (invalid, no console password, console port taken) ends the start with its message in one line and 1.
     */
    public int runUntilStopped(String[] args) throws Exception {
        try {
            return main.run(args);
        } catch (Exception e) {
            Throwable refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            // the message names the setting and what to do; a stack trace would bury it (DEBUG still has it)
            LOG.debug("Start refused", e);
            System.err.println("Sluice did not start: " + refusal.getMessage());
            return 1;
        }
    }

    /** A validation failure of SluiceBeans (thrown as is), or a console that cannot be served (maybe wrapped). */
    private static Throwable refusal(Exception e) {
        if (e instanceof IllegalArgumentException) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConsoleUnavailableException) {
                return t;
            }
        }
        return null;
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
