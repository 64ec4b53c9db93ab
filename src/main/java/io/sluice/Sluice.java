package io.sluice;

import io.sluice.boot.SluiceLauncher;
import io.sluice.boot.SluiceLocations;
import io.sluice.db.InitDbCommand;
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
 * </ul>
 */
public final class Sluice {

    private Sluice() {
    }

    /** jakarta.mail's system property naming the {@code StreamProvider} implementation (see {@link #nameStreamProvider}). */
    static final String STREAM_PROVIDER_PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    public static void main(String[] args) throws Exception {
        nameStreamProvider();
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "run";
        String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
        SluiceLocations locations = SluiceLocations.fromEnvironment();
        int exit = switch (command) {
            case "run" -> new SluiceLauncher(locations).runUntilStopped(rest);
            case "demo" -> new DemoCommand(locations).run(rest);
            case "init-db" -> new InitDbCommand(locations).run(rest);
            case "report" -> new io.sluice.diagnosis.ReportCommand(locations).run(rest);
            default -> {
                System.err.println("Unknown command '" + command + "'. Usage: java -jar sluice.jar [run|demo|init-db|report --delivery ID [--html FILE]]");
                yield 2;
            }
        };
        System.exit(exit);
    }

    /**
     * jakarta.mail 2.1 looks its {@code StreamProvider} up on every {@code MimeBodyPart.writeTo} and
     * {@code MimeUtility.encode}, i.e. several times per message sent, and without this property each lookup is a
     * {@code ServiceLoader} scan of the class path (META-INF/services in every jar): ~6 % of the CPU of
     * {@code bench/throughput} (docs/benchmarks.md, "Profiled run (stop 3)"). With the property, jakarta.mail's
     * {@code FactoryFinder} instantiates the named class directly. Set only here, for the runnable jar (one flat
     * class path where every thread's context class loader sees Angus Mail), never in Karaf, where a thread's
     * context class loader may not see the Angus bundle and the named class would then be an error; an explicit
     * {@code -Djakarta.mail.util.StreamProvider=...} wins.
     */
    static void nameStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER_PROPERTY) == null) {
            try {
                Class.forName(ANGUS_STREAM_PROVIDER, false, Sluice.class.getClassLoader());
                System.setProperty(STREAM_PROVIDER_PROPERTY, ANGUS_STREAM_PROVIDER);
            } catch (ClassNotFoundException e) {
                // another jakarta.mail implementation: leave the ServiceLoader lookup to it
            }
        }
    }
}
