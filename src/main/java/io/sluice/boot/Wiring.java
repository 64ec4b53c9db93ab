package io.sluice.boot;

import io.sluice.domains.Durations;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * What every configuration class of {@link SluiceBeans} shares: the context, its registry, the clock, the config
 * and data directories, and typed reading of {@code sluice.*} properties. A property is read without a default:
 * its default lives once, in {@code config/application.properties}, and a missing or malformed value stops
 * start-up with a message naming the property ({@code RoutePlaceholdersTest} checks that every name read through
 * these methods is in the shipped file).
 */
final class Wiring {

    /** The start-up lines of every configuration class keep the logger they have always had. */
    static final Logger LOG = LoggerFactory.getLogger(SluiceBeans.class);
    /** Name of the clock every bean is given; a clock a test bound before start is kept. */
    static final String CLOCK = "sluiceClock";

    final CamelContext context;
    final PropertiesComponent props;
    final Registry registry;
    final Clock clock;
    /** Absolute once, here: a relative path given to a library (Tomcat, Artemis) is resolved against its own base. */
    final Path configDir;
    final Path dataDir;
    /** The configuration class, as the owner of the thread pools it creates (their JMX names). */
    final Object owner;
    /** What {@link #closeOnStop} was given, newest first: closed here if the configuration fails. */
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    private Wiring(CamelContext context, Object owner) {
        this.context = context;
        this.owner = owner;
        this.props = context.getPropertiesComponent();
        this.registry = context.getRegistry();
        this.configDir = Path.of(text("sluice.config-dir")).toAbsolutePath().normalize();
        this.dataDir = Path.of(text("sluice.data-dir")).toAbsolutePath().normalize();
        Clock bound = registry.lookupByNameAndType(CLOCK, Clock.class);
        if (bound == null) {
            bound = Clock.systemUTC();
            registry.bind(CLOCK, Clock.class, bound);
        }
        this.clock = bound;
    }

    static Wiring of(CamelContext context, Object owner) {
        return new Wiring(context, owner);
    }

    /** The trimmed value (maybe empty: an optional setting that is off); missing = a start error naming the key. */
    String text(String key) {
        return props.resolveProperty(key).map(String::trim).orElseThrow(() -> new IllegalArgumentException(key
                + " is not set: its default is in the shipped config/application.properties (a copy older than this"
                + " version of Sluice lacks it: add the line)"));
    }

    int integer(String key) {
        return parsed(key, Integer::parseInt, "an integer");
    }

    boolean flag(String key) {
        return parsed(key, v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(v);
            }
            return Boolean.parseBoolean(v);
        }, "true or false");
    }

    /** A duration as {@link Durations} reads it: 500ms, 30s, 5m, 2h, 1d, 1h30m or ISO-8601 (PT5M). */
    Duration duration(String key) {
        return parsed(key, Durations::parse, "a duration like 30s, 5m, 2h or PT5M");
    }

    /** A duration that must be above zero (a timer's period): a clear error naming the key otherwise. */
    Duration positiveDuration(String key) {
        Duration d = duration(key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, was " + text(key));
        }
        return d;
    }

    private <T> T parsed(String key, Function<String, T> parse, String expected) {
        String v = text(key);
        try {
            return parse.apply(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be " + expected + ", was '" + v + "'");
        }
    }

    /** Sets a property the routes read as a placeholder, computed from the settings. */
    void derive(String key, String value) {
        // added, not set: setOverrideProperties would drop the launcher's overrides (SluiceLauncher.withProperties)
        props.addOverrideProperty(key, value);
    }

    /** Closes a resource (a connection pool) when the Camel context stops. */
    void closeOnStop(AutoCloseable resource) throws Exception {
        toClose.push(resource);
        context.addService(new Closer(resource));
    }

    /**
     * The configuration failed: a context that never started is never stopped, so what {@link #closeOnStop} was given
     * is closed now (a refused domains.yaml left its connection pool open, retrying its database for ever: stop 33).
     * What cannot be closed is added to {@code failure} as suppressed.
     */
    void closeAfterFailure(Exception failure) {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static final class Closer extends ServiceSupport {
        private final AutoCloseable resource;

        Closer(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }
}
