package io.sluice.demo;

import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo writes what does not belong on the terminal: the full log and the HTML diagnosis, in a fresh
 * temporary directory. {@link #create()} switches logging to {@code log4j2-demo.properties}: the terminal gets the
 * demo's own loggers ({@code io.sluice.demo}), the log file everything.
 */
public record DemoOutput(Path directory, Path logFile) {

    /** The system property {@code log4j2-demo.properties} reads the log file's path from. */
    static final String LOG_FILE_PROPERTY = "sluice.demo.log-file";
    static final String LOGGING_CONFIG = "/log4j2-demo.properties";

    public static DemoOutput create() throws IOException {
        Path directory = Files.createTempDirectory("sluice-demo-");
        DemoOutput output = new DemoOutput(directory, directory.resolve("sluice-demo.log"));
        System.setProperty(LOG_FILE_PROPERTY, output.logFile().toString());
        URL config = DemoOutput.class.getResource(LOGGING_CONFIG);
        if (config == null) {
            throw new IllegalStateException(LOGGING_CONFIG + " is missing from the classpath");
        }
        try {
            // reconfigure, not initialize: logging may already be set up from log4j2.properties by then
            Configurator.reconfigure(config.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return output;
    }

    /** The HTML page of the delivery's diagnosis (the {@code report --html} page). */
    public Path htmlReport(long deliveryId) {
        return directory.resolve("diagnosis-delivery-" + deliveryId + ".html");
    }
}
