package io.sluice.demo;

import io.sluice.progress.DeliveryProgress;
import io.sluice.boot.SluiceLauncher;
import io.sluice.config.SluiceLocations;
import io.sluice.db.DatabaseSettings;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowEventListener;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs the demo delivery on embedded defaults: in-memory database, the real routes, and an SMTP simulator
 * whose domains behave as {@link DemoScenario} says. Exit code 0 once the delivery is Finished (95). The terminal
 * shows the demo (its logger); the full log and the HTML diagnosis go to the files of {@link DemoOutput}.
 */
public final class DemoCommand {

    static final Duration TIME_LIMIT = Duration.ofMinutes(5);

    private final SluiceLocations locations;
    /** The demo's story: the terminal's lines (log4j2-demo.properties), also in the log file. */
    private static final Logger STORY = LoggerFactory.getLogger(DemoCommand.class);

    public DemoCommand(SluiceLocations locations) {
        this.locations = locations;
    }

    public int run(String[] args) throws Exception {
        DemoOutput output = DemoOutput.create();
        STORY.info("Sluice demo: the full log goes to {}", output.logFile());
        boolean finished;
        Optional<DemoDiagnosis> diagnosis;
        Set<String> unknown = IntStream.range(0, 400).filter(i -> i % 5 == 0).mapToObj(i -> "unknown" + i)
                .collect(Collectors.toSet());
        try (SmtpSimulator simulator = SmtpSimulator.builder()
                .behaviour("busy.demo", DomainBehaviour.defer("421 4.7.0 Try again later"))
                .behaviour("strict.demo", DomainBehaviour.rejectAddresses(unknown, "550 5.1.1 User unknown"))
                .behaviour("blocked.demo", DomainBehaviour.reject("554 5.7.1 Message refused by policy"))
                .captureCapacity(100)
                .build().start()) {
            Path domains = Files.createTempFile("sluice-demo-domains", ".yaml");
            domains.toFile().deleteOnExit();
            // a demo runs for seconds, not hours: short flow-control windows and a brisk starting rate
            Files.writeString(domains, "defaults:\n  transport: \"smtp://127.0.0.1:" + simulator.port() + "\"\n"
                    + "  flow:\n    initialRate: 100\n    maxRate: 400\n    window: 2s\n    upHoldoff: 2s\n"
                    + "    suspendDuration: 15s\n    maxSuspendDuration: 30s\n    probeRate: 5\n    probeSuccesses: 3\n"
                    + "domains:\n  down.demo:\n    transport: \"smtp://127.0.0.1:" + closedPort() + "\"\n");
            Map<String, String> props = new LinkedHashMap<>();
            props.put("sluice.db.url", DatabaseSettings.embeddedUrl("mem:sluice-demo;DB_CLOSE_DELAY=-1"));
            props.put("sluice.db.user", "");
            props.put("sluice.domains.files", "domains.yaml," + domains);
            props.put("sluice.claim.lease", "1m");
            props.put("camel.main.name", "sluice-demo");
            // The demo needs no configuration: no console unless asked (SLUICE_CONSOLE_ENABLED=true plus a password).
            props.put("sluice.console.enabled", consoleRequested() ? "true" : "false");
            props.put("sluice.metrics.enabled", "false"); // no port taken by the demo
            SluiceLauncher launcher = new SluiceLauncher(locations).withProperties(props);
            STORY.info("Starting Sluice on embedded defaults (in-memory database, embedded broker, the shipped routes)");
            CamelContext context = launcher.start();
            try {
                DataSource dataSource = context.getRegistry().lookupByNameAndType("dataSource", DataSource.class);
                Clock clock = context.getRegistry().lookupByNameAndType("sluiceClock", Clock.class);
                // flow-control decisions as they happen (backoff, suspension, probing, recovery)
                FlowEventListener decisions = event -> STORY.info("Flow control: {}", event);
                context.getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class).addListener(decisions);
                long deliveryId = new DemoSeeder(dataSource).seed(Instant.now());
                STORY.info("Demo delivery {}: {} recipients over {} simulated domains (SMTP simulator on port {})",
                        deliveryId, DemoScenario.total(), DemoScenario.DOMAINS.size(), simulator.port());
                DemoScenario.DOMAINS.forEach(d -> STORY.info(String.format("  %-14s %5d  %s", d.name(), d.recipients(),
                        d.behaviour())));
                // busy.demo heals after a while: flow control must notice (probes) and ramp back up
                java.util.concurrent.ScheduledExecutorService healer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                healer.schedule(() -> {
                    simulator.setBehaviour("busy.demo", DomainBehaviour.accept());
                    STORY.info("--- busy.demo heals: it accepts mail from now on");
                }, DemoScenario.BUSY_HEALS_AFTER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                try {
                    finished = await(new DeliveryProgress(dataSource), deliveryId, launcher);
                } finally {
                    healer.shutdownNow();
                }
                if (launcher.stopRequested()) {
                    // Ctrl+C: Camel's shutdown hook waits for this stop; the JVM ends once it is done
                    STORY.info("Stop requested: stopping Sluice without a summary");
                    return 1;
                }
                printSummary(new DeliveryProgress(dataSource).summary(deliveryId));
                STORY.info(finished ? "Demo delivery finished." : "Demo delivery did NOT finish within " + TIME_LIMIT);
                diagnosis = DemoDiagnosis.write(dataSource, deliveryId, clock.instant(), output.htmlReport(deliveryId));
            } finally {
                STORY.info("Stopping Sluice");
                launcher.stop();
            }
        }
        // last, after the stop: the files, then the verdict of the report command
        diagnosis.ifPresent(d -> STORY.info("Diagnosis report (the report --html page): {}", d.html()));
        STORY.info("Full log: {}", output.logFile());
        diagnosis.ifPresentOrElse(d -> d.verdict().forEach(STORY::info), () -> STORY.info("No diagnosis: delivery not found"));
        return finished ? 0 : 1;
    }

    private boolean await(DeliveryProgress progress, long deliveryId, SluiceLauncher launcher) throws Exception {
        long start = System.nanoTime();
        DeliveryProgress.Counts c = progress.counts(deliveryId);
        while (!c.finished() && !launcher.stopRequested() && Duration.ofNanos(System.nanoTime() - start).compareTo(TIME_LIMIT) < 0) {
            Thread.sleep(2000); // progress cadence of a console run, not a test wait
            c = progress.counts(deliveryId);
            double seconds = (System.nanoTime() - start) / 1e9;
            DeliveryProgress.Pending p = progress.pending(deliveryId);
            STORY.info(String.format("[%5.1fs] sent %d, failed %d, pending %d of %d (%.0f msg/s) — pending: %d queued"
                            + " (dynamic flow control), %d queued (quotas met), %d in flight, %d waiting for a claim or a retry",
                    seconds, c.sent(), c.failed(), c.pending(), c.total(), (c.sent() + c.failed()) / seconds,
                    p.queuedByFlowControl(), p.quotasMet(), p.inFlight(), p.retryLater()));
        }
        return c.finished();
    }

    private void printSummary(List<DeliveryProgress.SummaryLine> lines) {
        Map<String, long[]> perDomain = new TreeMap<>();
        for (DeliveryProgress.SummaryLine l : lines) {
            long[] counts = perDomain.computeIfAbsent(l.domain(), k -> new long[3]);
            counts[l.status() == 1 ? 0 : l.status() == 2 ? 1 : 2] += l.count();
        }
        STORY.info("");
        STORY.info(String.format("%-18s %7s %7s %7s", "domain", "sent", "failed", "pending"));
        perDomain.forEach((d, c) -> STORY.info(String.format("%-18s %7d %7d %7d", d, c[0], c[1], c[2])));
        STORY.info("");
        STORY.info("Reasons (failed and pending rows):");
        lines.stream().filter(l -> l.status() != 1).forEach(l -> STORY.info(String.format("  %-18s %-7s %5d  %s",
                l.domain(), l.status() == 2 ? "failed" : "pending", l.count(), l.text())));
    }

    /** The console only when the user asked for it (environment variable or -D). */
    static boolean consoleRequested() {
        String v = System.getProperty("sluice.console.enabled", System.getenv("SLUICE_CONSOLE_ENABLED"));
        return v != null && Boolean.parseBoolean(v.trim());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again when we return: connections to it are refused
        }
    }
}
