package io.sluice;

import io.sluice.boot.SluiceLauncher;
import io.sluice.config.SluiceLocations;
import io.sluice.cli.InitDbCommand;
import io.sluice.demo.DemoCommand;

import java.util.Arrays;

/**
 * Entry point of the runnable jar. The first argument picks the command; everything else goes to it.
 * <ul>
 *   <li>{@code run} (default): the delivery service, until stopped.</li>
 *   <li>{@code demo}: a demo delivery on embedded defaults against simulated receivers; exits 0 when done.</li>
 *   <li>{@code init-db}: applies the schema to the configured database (idempotent).</li>
 *   <li>{@code report --delivery ID [--html FILE]}: a delivery's diagnosis (verdict, per-domain errors, time
 *       held back), as text and optionally as an HTML page.</li>
 *   <li>{@code check-dns --from DOMAIN [--ip ADDRESS]}: the sender's SPF, DKIM, DMARC, PTR and MX checked
 *       against the Gmail/Yahoo bulk-sender requirements; exit 1 when one fails.</li>
 *   <li>{@code quarantine list|show ADDRESS|release ADDRESS}: the addresses' quarantine records (NmsAddress); exit 1
 *       for an address without a record.</li>
 *   <li>{@code simulate [--limit 30/10s | --bucket R | --defer P --for D | --refuse D] [--policy FILE] [--html FILE]}:
 *       the running and a candidate flow-control policy against a receiver model, in virtual time.</li>
 * </ul>
 */
public final class Sluice {

    /** Commands whose standard output is their answer. */
    private static final java.util.Set<String> ANSWERS_ON_STDOUT = java.util.Set.of("report", "check-dns", "quarantine",
            "simulate");

    private Sluice() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "run";
        String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
        SluiceLocations locations = SluiceLocations.fromEnvironment();
        try {
            locations.requireExisting();
        } catch (IllegalStateException e) {
            // a user's first mistake (run from another directory): one line that says what to set, no stack trace
            System.err.println("sluice: " + e.getMessage());
            System.exit(2);
        }
        if (ANSWERS_ON_STDOUT.contains(command)) {
            // their output is their answer (scripts read it): not the start and stop lines of the Camel context that
            // reads their properties
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.camel",
                    org.apache.logging.log4j.Level.WARN);
        }
        int exit = switch (command) {
            case "run" -> new SluiceLauncher(locations).runUntilStopped(rest);
            case "demo" -> new DemoCommand(locations).run(rest);
            case "init-db" -> new InitDbCommand(locations).run(rest);
            case "report" -> new io.sluice.cli.ReportCommand(locations).run(rest);
            case "check-dns" -> new io.sluice.cli.CheckDnsCommand(locations).run(rest);
            case "quarantine" -> new io.sluice.cli.QuarantineCommand(locations).run(rest);
            case "simulate" -> new io.sluice.cli.SimulateCommand(locations).run(rest);
            default -> {
                System.err.println("Unknown command '" + command + "'. Usage: java -jar sluice.jar [run|demo|init-db|report --delivery ID [--html FILE]|check-dns --from DOMAIN [--ip ADDRESS]|quarantine list|show ADDRESS|release ADDRESS|simulate --help]");
                yield 2;
            }
        };
        System.exit(exit);
    }
}
