package io.sluice.bench;

import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Sends N messages to one domain whose server accepts at most {@code limit} recipients per {@code period}
 * and answers "450 4.7.1 Error: too much mail" beyond (the scenario of flow-control-anchors.md), and
 * records how Sluice converges: delivery time against the ideal N / limit rate, deferrals, rate over time.
 * Used by the convergence test (small N), by bench/convergence (large N) and by bench/postfix-convergence (a real
 * Postfix smtpd, {@code -Dbench.postfix.port} and {@code -Dbench.postfix.log}). The benches also print Sluice's
 * attempt log after each delivery ({@code -Dbench.attempt-log=true}).
 */
public final class RateLimitedReceiverRun {

    static final String DOMAIN = "limited.test";

    /** Only the benches print it: it waits for the result writer's last group, 3 s the suite need not pay. */
    private static final boolean PRINT_ATTEMPT_LOG = Boolean.getBoolean("bench.attempt-log");

    /** One sample per second. */
    public record Sample(int second, long accepted, long deferred, double flowRate, String state) {
    }

    /** What a run measured. */
    public record Result(int messages, double limitPerSecond, double seconds, long deferrals, List<Sample> samples) {

        public double idealSeconds() {
            return messages / limitPerSecond;
        }

        public double slowdown() {
            return seconds / idealSeconds();
        }

        public double deferralRatio() {
            return (double) deferrals / (messages + deferrals);
        }

        /** Deferrals per attempt over the second half of the run (after convergence). */
        public double lateDeferralRatio() {
            int half = samples.size() / 2;
            if (samples.size() < 2) {
                return 0;
            }
            Sample mid = samples.get(half);
            Sample end = samples.get(samples.size() - 1);
            long accepted = end.accepted() - mid.accepted();
            long deferred = end.deferred() - mid.deferred();
            return accepted + deferred == 0 ? 0 : (double) deferred / (accepted + deferred);
        }

        public void print(PrintStream out) {
            out.printf("%nConvergence against a receiver accepting %.1f msg/s (450 4.7.1 beyond)%n", limitPerSecond);
            out.printf("  %5s %10s %10s %10s  %s%n", "t(s)", "sent/s", "deferred/s", "rate", "state");
            Sample prev = null;
            for (Sample s : samples) {
                out.printf("  %5d %10d %10d %10.1f  %s%n", s.second(), s.accepted() - (prev == null ? 0 : prev.accepted()),
                        s.deferred() - (prev == null ? 0 : prev.deferred()), s.flowRate(), s.state());
                prev = s;
            }
            out.printf("  %d messages in %.1f s; ideal %.1f s -> %.2fx; %d deferrals (%.1f%% of attempts); "
                            + "second half: %.1f%% deferred%n", messages, seconds, idealSeconds(), slowdown(), deferrals,
                    100 * deferralRatio(), 100 * lateDeferralRatio());
        }
    }

    private RateLimitedReceiverRun() {
    }

    public static Result run(String databaseKind, int messages, int limit, Duration period, Duration timeout) throws Exception {
        return run(databaseKind, messages, limit, period, timeout, false, Duration.ofSeconds(2)).get(0);
    }

    /**
     * @param learned also send a second delivery of {@code messages} to the same domain once the first is delivered
     *                and the receiver's period has passed: the limit is then already learned (its result is second)
     * @param window  the flow-control window (and upHoldoff) of the policy
     */
    public static List<Result> run(String databaseKind, int messages, int limit, Duration period, Duration timeout,
                                   boolean learned, Duration window) throws Exception {
        String postfixPort = System.getProperty("bench.postfix.port");
        if (postfixPort != null) { // bench/postfix-convergence: a real Postfix smtpd with anvil's limit
            return run(databaseKind, messages, limit, period, timeout, learned, window, Integer.parseInt(postfixPort),
                    new PostfixLogCounts(Path.of(System.getProperty("bench.postfix.log")), DOMAIN));
        }
        try (SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0)
                .defaultBehaviour(DomainBehaviour.rateLimit(limit, period, "450 4.7.1 Error: too much mail"))
                .build().start()) {
            return run(databaseKind, messages, limit, period, timeout, learned, window, smtp.port(),
                    ReceiverCounts.of(smtp, DOMAIN));
        }
    }

    private static List<Result> run(String databaseKind, int messages, int limit, Duration period, Duration timeout,
                                    boolean learned, Duration window, int port, ReceiverCounts receiver)
            throws Exception {
        try (TestDatabase db = TestDatabase.open(databaseKind)) {
            double limitPerSecond = limit * 1000.0 / period.toMillis();
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(10_000, 1).create();
            campaign.pendingMany(delivery, IntStream.range(0, messages).mapToObj(i -> "u" + i + "@" + DOMAIN).toList());
            String policy = "defaults:\n  transport: \"smtp://127.0.0.1:" + port + "\"\n"
                    + "  flow:\n" + flowKeys(limitPerSecond, window);
            List<Result> results = new ArrayList<>();
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(policy)
                    .property("sluice.flow.memory-horizon", "1s").start()) {
                DomainFlow flow = app.context().getRegistry().lookupByNameAndType("flowControl", FlowControlRegistry.class)
                        .flow(DOMAIN);
                results.add(phase(receiver, flow, messages, limitPerSecond, 0, 0, timeout));
                if (PRINT_ATTEMPT_LOG) {
                    attemptLog(db, delivery);
                }
                if (learned) {
                    Thread.sleep(period.toMillis()); // a later delivery: the receiver's period has passed
                    long acceptedBefore = receiver.accepted();
                    long deferredBefore = receiver.deferred();
                    long second = campaign.delivery().retries(10_000, 1).create();
                    campaign.pendingMany(second, IntStream.range(0, messages)
                            .mapToObj(i -> "v" + i + "@" + DOMAIN).toList());
                    results.add(phase(receiver, flow, messages, limitPerSecond, acceptedBefore, deferredBefore,
                            timeout));
                    if (PRINT_ATTEMPT_LOG) {
                        attemptLog(db, second);
                    }
                }
            }
            return results;
        }
    }

    /**
     * Prints what Sluice's own attempt log holds for the delivery (what {@code report --delivery} counts), to set
     * beside the receiver's counts: the report must show the deferrals the receiver answered.
     */
    private static void attemptLog(TestDatabase db, long delivery) throws Exception {
        Thread.sleep(3000); // the result writer's last group
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT sOutcome, COALESCE(sText, ''), SUM(iCount) FROM"
                     + " SluiceAttemptLog WHERE iDeliveryId = ? GROUP BY 1, 2 ORDER BY 3 DESC")) {
            ps.setLong(1, delivery);
            try (ResultSet rs = ps.executeQuery()) {
                System.out.printf("%nSluice's attempt log of delivery %d (report --delivery):%n", delivery);
                while (rs.next()) {
                    System.out.printf("  %6d %-18s %s%n", rs.getLong(3), rs.getString(1), rs.getString(2));
                }
            }
        }
    }

    /** Samples once a second until {@code messages} more than {@code acceptedBefore} were accepted. */
    private static Result phase(ReceiverCounts receiver, DomainFlow flow, int messages, double limitPerSecond,
                                long acceptedBefore, long deferredBefore, Duration timeout) throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        int second = 0;
        while (receiver.accepted() - acceptedBefore < messages) {
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new IllegalStateException("not delivered within " + timeout + ": "
                        + (receiver.accepted() - acceptedBefore) + " of " + messages);
            }
            Thread.sleep(1000); // one sample per second of a run that lasts minutes: this is the clock
            second++;
            samples.add(new Sample(second, receiver.accepted() - acceptedBefore, receiver.deferred() - deferredBefore,
                    flow.currentRate(), flow.getState().name()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(messages, limitPerSecond, seconds, receiver.deferred() - deferredBefore, samples);
    }

    /**
     * The bench's flow keys: start at twice the limit, a tenth to ten times it, {@code window}; then those of
     * {@code -Dbench.flow} ({@code BENCH_FLOW="initialRate: 10; plateauShare: 0"}), which replace them.
     */
    static String flowKeys(double limitPerSecond, Duration window) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("initialRate", String.valueOf(Math.max(1, Math.round(limitPerSecond * 2))));
        keys.put("maxRate", String.valueOf(Math.round(limitPerSecond * 10)));
        keys.put("minRate", String.valueOf(Math.max(0.1, limitPerSecond / 10)));
        keys.put("window", window.toMillis() + "ms");
        keys.put("upHoldoff", window.toMillis() + "ms");
        keys.put("minAttempts", "5");
        keys.putAll(benchFlow());
        return yaml(keys);
    }

    /**
     * The {@code flow:} keys of {@code -Dbench.flow="reactAfterBadInRow: 0; plateauShare: 0"} alone
     * (bench/convergence's BENCH_FLOW), to compare a policy with the shipped one on the same machine.
     */
    static String extraFlowKeys() {
        return yaml(benchFlow());
    }

    private static Map<String, String> benchFlow() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String kv : System.getProperty("bench.flow", "").split(";")) {
            if (!kv.isBlank()) {
                String[] pair = kv.split(":", 2);
                keys.put(pair[0].strip(), pair.length > 1 ? pair[1].strip() : "");
            }
        }
        return keys;
    }

    private static String yaml(Map<String, String> keys) {
        StringBuilder yaml = new StringBuilder();
        keys.forEach((k, v) -> yaml.append("    ").append(k).append(": ").append(v).append('\n'));
        return yaml.toString();
    }

    /**
     * bench/convergence: N, limit per period, period seconds, "learned" for a second delivery as well, the
     * flow-control window in seconds (2).
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int periodSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean learned = args.length > 3 && "learned".equals(args[3]);
        int windowSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        List<Result> results = run("postgresql", n, limit, Duration.ofSeconds(periodSeconds), Duration.ofMinutes(30),
                learned, Duration.ofSeconds(windowSeconds));
        System.out.printf("%nflow-control window %d s%n", windowSeconds);
        System.out.println("\n== cold start (limit not yet known)");
        results.get(0).print(System.out);
        if (learned) {
            System.out.println("\n== limit already learned (a second delivery to the same domain)");
            results.get(1).print(System.out);
        }
        System.exit(0);
    }
}
