package io.sluice.reliability;

import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * bench/cluster (issue 22's proof, on loopback): Sluice instances as separate JVMs on one PostgreSQL, each with its
 * own embedded broker, send one site whose receiver accepts {@code rate} msg/s in fixed 10 s windows and answers
 * {@code 450 4.7.1} beyond, alongside four unlimited sites. When a third of the limited site's mail is through, one
 * instance is killed (kill -9); at half, a new instance joins. Prints the receiver's attempts per 10 s window, the
 * deferrals, how long the killed instance's rows took to come back, what was lost and what was sent twice.
 *
 * <p>Arguments: {@code [instances=3] [messagesPerSite=600] [rate=20] [shared=true]}; shared=false runs each instance
 * pacing and judging alone (sluice.cluster.shared-pacing and shared-flow-state off: the build before issue 22).
 */
public final class ClusterRun {

    private static final String LIMITED = "limited.test";
    private static final Duration RECEIVER_WINDOW = Duration.ofSeconds(10);

    private ClusterRun() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perSite = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean shared = args.length <= 3 || Boolean.parseBoolean(args[3]);
        List<String> sites = List.of(LIMITED, "free1.test", "free2.test", "free3.test", "free4.test");
        int rows = perSite * sites.size();
        try (TestDatabase db = TestDatabase.open("postgresql"); SmtpSimulator smtp = SmtpSimulator.builder()
                .captureCapacity(rows * 2)
                .behaviour(LIMITED, DomainBehaviour.rateLimit((int) (rate * RECEIVER_WINDOW.toSeconds()), RECEIVER_WINDOW,
                        "450 4.7.1 Error: too much mail"))
                .build().start()) {
            Campaign campaign = new Campaign(db.dataSource());
            String overlay = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                    + "  flow: {initialRate: 200, maxRate: 400}\n"
                    + "domains:\n  " + LIMITED + ":\n    flow: {initialRate: " + rate + ", maxRate: " + rate + "}\n";
            List<SluiceProcess> processes = new ArrayList<>();
            try {
                for (int i = 1; i <= instances + 1; i++) {
                    processes.add(new SluiceProcess(overlay, props(db, "cluster-" + i, shared)));
                }
                for (int i = 0; i < instances; i++) {
                    processes.get(i).start();
                }
                for (int i = 0; i < instances; i++) {
                    if (!processes.get(i).awaitStarted(Duration.ofSeconds(120))) {
                        throw new IllegalStateException("instance " + (i + 1) + " did not start:\n" + processes.get(i).log());
                    }
                }
                long delivery = campaign.delivery().retries(1000, 2).create();
                campaign.pendingMany(delivery, sites.stream().flatMap(site -> IntStream.range(0, perSite)
                        .mapToObj(i -> "u" + i + "@" + site)).toList());
                long t0 = System.nanoTime();
                List<long[]> samples = new ArrayList<>(); // {ms, accepted, deferred} of the limited site
                String killed = instances > 1 ? "cluster-2" : null;
                long killedAtMs = -1;
                long backAfterMs = -1;
                Instant killedAt = null;
                Set<Long> killedClaims = Set.of();
                boolean joined = false;
                while (campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1") < rows) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (ms > 600_000) {
                        throw new IllegalStateException("not delivered within 10 minutes");
                    }
                    long accepted = smtp.counters().acceptedRecipients(LIMITED);
                    samples.add(new long[] {ms, accepted, smtp.counters().deferredRecipients(LIMITED)});
                    if (killed != null && killedAtMs < 0 && accepted >= perSite / 3) {
                        processes.get(1).kill();
                        killedAtMs = ms;
                        killedAt = Instant.now();
                        killedClaims = CrashRecoveryTest.ids(db.dataSource(), "SELECT iBroadLogId FROM NmsBroadLogRcp"
                                + " WHERE iStatus = 6 AND sClaimedBy = '" + killed + "'");
                        System.out.printf("[cluster] %.1f s: kill -9 of %s (%d rows claimed by it)%n", ms / 1000.0,
                                killed, killedClaims.size());
                    }
                    if (killedAtMs >= 0 && backAfterMs < 0 && claimedBy(campaign, killed) == 0) {
                        backAfterMs = ms - killedAtMs;
                    }
                    if (!joined && accepted >= perSite / 2) {
                        processes.get(instances).start();
                        joined = true;
                        System.out.printf("[cluster] %.1f s: cluster-%d joins%n", ms / 1000.0, instances + 1);
                    }
                    Thread.sleep(250);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                // in SMTP at the kill: rows the killed instance held whose message the receiver had accepted by then
                Instant at = killedAt;
                Set<Long> held = killedClaims;
                Set<Long> inSmtp = smtp.receivedMessages().stream().filter(m -> at != null && !m.receivedAt().isAfter(at))
                        .map(m -> Long.parseLong(m.header("X-Broadlog-Id").orElse("0").trim())).filter(held::contains)
                        .collect(Collectors.toSet());
                report(smtp, samples, rows, perSite, rate, instances, shared, seconds, killed, backAfterMs, inSmtp);
            } finally {
                for (SluiceProcess p : processes) {
                    p.stop(Duration.ofSeconds(20));
                    p.close();
                }
            }
        }
    }

    private static Map<String, String> props(TestDatabase db, String id, boolean shared) {
        Map<String, String> props = new HashMap<>();
        props.put("sluice.db.url", db.url());
        props.put("sluice.db.user", db.user());
        props.put("sluice.instance-id", id);
        props.put("sluice.claim.batch-size", "50");
        props.put("sluice.claim.max-batches-per-poll", "1");
        props.put("sluice.cluster.shared-pacing", String.valueOf(shared));
        props.put("sluice.cluster.shared-flow-state", String.valueOf(shared));
        return props;
    }

    private static long claimedBy(Campaign campaign, String instance) throws Exception {
        return campaign.count("SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 6 AND sClaimedBy = '" + instance + "'");
    }

    private static void report(SmtpSimulator smtp, List<long[]> samples, int rows, int perSite, int rate, int instances,
                               boolean shared, double seconds, String killed, long backAfterMs, Set<Long> inSmtpAtKill) {
        Map<String, Long> copies = smtp.receivedMessages().stream().collect(Collectors.groupingBy(
                (ReceivedMessage m) -> m.header("X-Broadlog-Id").orElse("?").trim(), Collectors.counting()));
        long twice = copies.values().stream().mapToLong(n -> n - 1).sum();
        long twiceElse = copies.entrySet().stream().filter(e -> e.getValue() > 1
                && !inSmtpAtKill.contains(Long.parseLong(e.getKey().replace("?", "0")))).count();
        System.out.printf("%n[cluster] %d instances (+1 joining), %s; %d messages (%d to %s, receiving %d msg/s in fixed"
                        + " %d s windows, 4xx beyond) in %.1f s%n", instances, shared ? "shared pacing and flow state"
                        : "each pacing and judging alone", rows, perSite, LIMITED, rate, RECEIVER_WINDOW.toSeconds(),
                seconds);
        System.out.printf("[cluster] %s per %d s window (attempts = accepted + deferred; limit R(1+5%%) = %d accepted):%n",
                LIMITED, RECEIVER_WINDOW.toSeconds(), (int) (rate * RECEIVER_WINDOW.toSeconds() * 1.05));
        long windowMs = RECEIVER_WINDOW.toMillis();
        long[] previous = {0, 0, 0};
        long maxAttempts = 0;
        for (long end = windowMs; end <= samples.get(samples.size() - 1)[0] + windowMs; end += windowMs) {
            long last = end;
            long[] at = samples.stream().filter(s -> s[0] <= last).reduce((a, b) -> b).orElse(previous);
            long accepted = at[1] - previous[1];
            long deferred = at[2] - previous[2];
            System.out.printf("[cluster]   %4d-%4d s: %4d attempts, %4d accepted, %4d deferred%n",
                    (end - windowMs) / 1000, end / 1000, accepted + deferred, accepted, deferred);
            maxAttempts = Math.max(maxAttempts, accepted + deferred);
            previous = at;
        }
        long lost = rows - copies.keySet().stream().filter(id -> !id.equals("?")).count();
        System.out.printf("[cluster] RESULT attempts in the busiest window: %d (R x window = %d);"
                        + " deferred %d of %d to %s; killed %s: its rows back after %s; lost %d; sent twice %d"
                        + " (in SMTP at the kill: %d of its rows accepted, not yet written; sent twice beyond those: %d)%n",
                maxAttempts,
                rate * RECEIVER_WINDOW.toSeconds(), smtp.counters().deferredRecipients(LIMITED), perSite, LIMITED,
                killed == null ? "none" : killed, backAfterMs < 0 ? "-" : String.format("%.1f s", backAfterMs / 1000.0),
                lost, twice, inSmtpAtKill.size(), twiceElse);
    }
}
