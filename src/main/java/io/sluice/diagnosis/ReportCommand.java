package io.sluice.diagnosis;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.boot.SluiceLocations;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;
import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code java -jar sluice.jar report --delivery ID [--html FILE]}: prints the delivery's diagnosis and optionally
 * writes it as a self-contained HTML page. Reads the database settings like {@code init-db} (file, environment,
 * -D), starts no route. Exit 0, 1 when the delivery does not exist, 2 on bad arguments.
 */
public final class ReportCommand {

    private final SluiceLocations locations;

    public ReportCommand(SluiceLocations locations) {
        this.locations = locations;
    }

    public int run(String[] args) throws Exception {
        Long delivery = null;
        Path html = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--delivery") || a.equals("--html")) && i + 1 < args.length) {
                String v = args[++i];
                if (a.equals("--html")) {
                    html = Path.of(v);
                } else {
                    try {
                        delivery = Long.parseLong(v.replaceFirst("^(?i)DM", ""));
                    } catch (NumberFormatException e) {
                        return usage("--delivery needs a delivery id (a number), was '" + v + "'");
                    }
                }
            } else if (a.startsWith("--delivery=")) {
                return run(new String[]{"--delivery", a.substring(11)});
            } else {
                return usage("unexpected argument '" + a + "'");
            }
        }
        if (delivery == null) {
            return usage("--delivery ID is required");
        }
        DatabaseSettings settings = io.sluice.db.ConfiguredDatabase.settings(locations);
        {
            try (HikariDataSource ds = DataSources.create(settings, "sluice-report")) {
                Optional<DiagnosisReport> report = DiagnosisReport.load(ds, delivery, Instant.now());
                if (report.isEmpty()) {
                    System.err.println("No delivery " + delivery + " in " + settings.url());
                    return 1;
                }
                System.out.print(TextReport.render(report.get()));
                if (html != null) {
                    Path parent = html.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(html, HtmlReport.render(report.get()));
                    System.out.println("\nHTML report written to " + html.toAbsolutePath());
                }
                return 0;
            }
        }
    }

    private static int usage(String problem) {
        System.err.println(problem + "\nUsage: java -jar sluice.jar report --delivery ID [--html FILE]");
        return 2;
    }
}
