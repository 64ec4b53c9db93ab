package io.sluice.bench;

import io.sluice.smtpsim.DomainBehaviour;
import io.sluice.smtpsim.SmtpSimulator;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.CampaignFixture;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * bench/healthy-alongside: the time a healthy domain's N messages take alone, and beside a domain that flow control
 * suspends (421 matching a suspend rule) and a domain whose MX refuses connections, N messages each, with
 * FlowControlRoutesTest's short-window policy. A wall-clock comparison, so it lives here and not in the suite
 * (FlowControlRoutesTest checks that the healthy domain is sent in full beside them).
 */
public final class HealthyAlongsideRun {

    /** The healthy domain of a run beside the suspended and the refusing one. */
    public static final String HEALTHY_BESIDE = "healthy-beside.test";

    private HealthyAlongsideRun() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        long alone = run(n, false);
        long beside = run(n, true);
        System.out.printf("healthy domain, %d messages: alone %d ms, beside a suspended and a refusing domain %d ms"
                + " (%.2fx)%n", n, alone, beside, (double) beside / alone);
    }

    private static long run(int n, boolean withBadDomains) throws Exception {
        try (TestDatabase db = TestDatabase.open("postgresql");
             SmtpSimulator smtp = SmtpSimulator.builder().captureCapacity(0).build().start()) {
            return sendHealthy(new Campaign(db.dataSource()), SluiceApp.builder().database(db.url(), db.user()),
                    smtp, n, withBadDomains);
        }
    }

    /**
     * Creates a delivery of {@code n} rows to a healthy domain (and, with {@code withBadDomains}, {@code n} rows to a
     * suspended and {@code n} to a refusing domain), starts Sluice and waits until every healthy row is Sent.
     *
     * @return the milliseconds from the start of Sluice until the last healthy row was Sent
     */
    public static long sendHealthy(Campaign campaign, SluiceApp.Builder app, SmtpSimulator smtp, int n,
                                   boolean withBadDomains) throws Exception {
        smtp.setBehaviour("suspend.test", DomainBehaviour.defer("421 4.7.0 SUSPEND-ME"));
        long delivery = campaign.delivery().retries(1000, 1).create();
        List<Long> healthy = rows(campaign, delivery, withBadDomains ? HEALTHY_BESIDE : "healthy-alone.test", n);
        String refusing = "";
        if (withBadDomains) {
            rows(campaign, delivery, "suspend.test", n);
            rows(campaign, delivery, "refused.test", n);
            refusing = "  refused.test:\n    transport: \"smtp://127.0.0.1:" + closedPort() + "\"\n";
        }
        String ids = healthy.stream().map(String::valueOf).collect(Collectors.joining(","));
        try (SluiceApp sluice = app.domains(CampaignFixture.shortWindowPolicy(smtp.port(), refusing)).start()) {
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> campaign.count(
                    "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE iStatus = 1 AND iBroadLogId IN (" + ids + ")") == n);
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static List<Long> rows(Campaign campaign, long delivery, String domain, int n) throws Exception {
        return campaign.pendingMany(delivery, IntStream.range(0, n).mapToObj(i -> "u" + i + "@" + domain).toList());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
