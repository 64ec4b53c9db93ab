package io.sluice.cli;

import io.sluice.diagnosis.TextReport;
import io.sluice.diagnosis.DiagnosisReport;
import io.sluice.diagnosis.HtmlReport;
import io.sluice.diagnosis.ReportSql;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.config.SluiceLocations;
import io.sluice.db.ConfiguredDatabase;
import io.sluice.db.DataSources;
import io.sluice.db.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code java -jar sluice.jar report --delivery ID [--html FILE]}: prints the delivery's diagnosis and optionally
 * writes it as a self-contained HTML page. Reads the database settings like {@code init-db} (file, environment,
 * -D) and its statements from {@code sluice.sql.location} like the service; starts no route. Exit 0, 1 when the
 * delivery does not exist, 2 on bad arguments.
 */
public final class ReportCommand {

    private final SluiceLocations locations;
    private final Clock clock;

    public ReportCommand(SluiceLocations locations) {
        this(locations, Clock.systemUTC());
    }

    /** @param clock the report's "now": the end of the period of a delivery not finished, and the page's time */
    public ReportCommand(SluiceLocations locations, Clock clock) {
        this.locations = locations;
        this.clock = clock;
    }

    /** What the command reads from the configuration. */
    private record Setup(DatabaseSettings database, ReportSql sql) {
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
        Setup setup = ConfiguredDatabase.withProperties(locations,
                context -> new Setup(ConfiguredDatabase.settings(context), ReportSql.of(context)));
        try (HikariDataSource ds = DataSources.create(setup.database(), "sluice-report")) {
            Optional<DiagnosisReport> report = DiagnosisReport.load(ds, setup.sql(), delivery, clock.instant());
            if (report.isEmpty()) {
                System.err.println("No delivery " + delivery + " in " + setup.database().url());
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

    private static int usage(String problem) {
        System.err.println(problem + "\nUsage: java -jar sluice.jar report --delivery ID [--html FILE]");
        return 2;
    }
}
