package io.sluice.bench;

import io.sluice.domains.DomainsDocument;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.simulate.PhaseSweep;
import io.sluice.simulate.ReceiverModel;
import io.sluice.simulate.Simulation;
import io.sluice.simulate.SimulationSetup;
import io.sluice.simulate.SimulationText;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * bench/simulate-calibration: the same scenario run for real and by {@code simulate}, both with the shipped policy
 * (config/domains.yaml): N messages to one domain whose server (the in-JVM simulator's fixed window, the rule of the
 * simulator's {@code --limit}) accepts LIMIT per PERIOD and answers {@code 450 4.7.1} beyond, each deferred row tried
 * again after 1 s. Prints both contract lines and the simulator's error on time and deferrals. BENCH_FLOW's
 * {@code flow:} keys (for example learning on: {@code reactAfterBadInRow: 3; plateauShare: 0.92}) are layered on the
 * shipped policy in both.
 */
public final class SimulateCalibrationRun {

    static final String REPLY = "450 4.7.1 Error: too much mail, try again later";

    private SimulateCalibrationRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int period = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String flowKeys = RateLimitedReceiverRun.extraFlowKeys();
        List<Path> policy = new ArrayList<>(List.of(Path.of("config/domains.yaml")));
        if (!flowKeys.isEmpty()) {
            policy.add(Files.writeString(Files.createTempFile("calibration-", ".yaml"), "defaults:\n  flow:\n" + flowKeys));
        }
        PhaseSweep sweep = PhaseSweep.run(new SimulationSetup(
                FlowControlSettings.of(DomainsDocument.load(policy)),
                "limited.test",
                Double.POSITIVE_INFINITY, new ReceiverModel.FixedWindow(limit, Duration.ofSeconds(period), REPLY), n,
                Duration.ofSeconds(1), Duration.ofHours(1), 42));
        Simulation.Result simulated = sweep.mean();
        double seconds;
        long deferred;
        List<double[]> real = new ArrayList<>(); // accepted and deferred so far, and the rate, at each second
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0)
                     .defaultBehaviour(DomainBehaviour.rateLimit(limit, Duration.ofSeconds(period), REPLY))
                     .build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(10_000, 1).create();
            campaign.pendingMany(delivery, IntStream.range(0, n).mapToObj(i -> "u" + i + "@limited.test").toList());
            long launched = System.nanoTime();
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user())
                    .domains("defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                            + (flowKeys.isEmpty() ? "" : "  flow:\n" + flowKeys)).start()) {
                // the run is timed from the first attempt, as the simulator's: not the service's start
                while (smtp.counters().acceptedRecipients("limited.test")
                        + smtp.counters().deferredRecipients("limited.test") == 0) {
                    if (System.nanoTime() - launched > Duration.ofMinutes(2).toNanos()) {
                        throw new IllegalStateException("no attempt within 2 minutes");
                    }
                    Thread.sleep(20);
                }
                long start = System.nanoTime();
                while (smtp.counters().acceptedRecipients("limited.test") < n) {
                    if (System.nanoTime() - start > Duration.ofMinutes(20).toNanos()) {
                        throw new IllegalStateException("not delivered within 20 minutes");
                    }
                    Thread.sleep(100); // the run lasts minutes: a tenth of a second is its resolution
                    int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                    while (real.size() <= second) {
                        real.add(new double[] {smtp.counters().acceptedRecipients("limited.test"),
                                smtp.counters().deferredRecipients("limited.test"), app.context().getRegistry()
                                .lookupByNameAndType("flowControl", FlowControlRegistry.class).flow("limited.test")
                                .currentRate()});
                    }
                }
                seconds = (System.nanoTime() - start) / 1e9;
                deferred = smtp.counters().deferredRecipients("limited.test");
            }
        }
        double ideal = n / (limit / (double) period);
        printTimelines(real, simulated);
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "real:      delivered %d in %.1f s (ideal %.1f s), %d deferred", n,
                seconds, ideal, deferred));
        System.out.println(SimulationText.line("simulated", simulated) + "   (mean of " + PhaseSweep.PHASES
                + " phases: " + sweep.spread() + ")");
        System.out.println(String.format(Locale.ROOT, "simulated / real: time %.2f, deferrals %.2f (target 0.75 .. 1.25)",
                simulated.seconds() / seconds, deferred == 0 ? Double.NaN : simulated.deferred() / (double) deferred));
        System.exit(0);
    }

    /**
     * Where the two runs part: accepted and deferred so far, second by second, for real and for the phase the
     * simulator shows (its typical run), with its rate and state: the first 20 s, every 5th, and where deferrals moved.
     */
    private static void printTimelines(List<double[]> real, Simulation.Result simulated) {
        List<Simulation.Second> sim = simulated.timeline();
        System.out.println("\nsecond  real accepted/deferred  rate   simulated accepted/deferred  rate  state");
        double realBefore = -1;
        long simBefore = -1;
        // real.get(t) is what was counted at t s; sim.get(t - 1) what was counted at the end of second t
        for (int t = 1; t < Math.max(real.size(), sim.size() + 1); t++) {
            double[] r = real.get(Math.min(t, real.size() - 1));
            Simulation.Second s = sim.get(Math.min(t - 1, sim.size() - 1));
            if (r[1] != realBefore || s.deferred() != simBefore || t <= 20 || t % 5 == 0) {
                System.out.println(String.format(Locale.ROOT, "%6d  %8.0f/%-8.0f  %5.2f  %13d/%-8d  %5.2f  %s", t,
                        r[0], r[1], r[2], s.accepted(), s.deferred(), s.rate(), s.state()));
            }
            realBefore = r[1];
            simBefore = s.deferred();
        }
    }
}
