package io.sluice.testsupport;

import io.sluice.smtpsim.ReceivedMessage;
import io.sluice.smtpsim.SmtpSimulator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Per test: a fresh PostgreSQL campaign database and an in-JVM SMTP server that keeps what it receives, for route
 * tests that start the real application against them ({@code @RegisterExtension final CampaignFixture fixture =
 * new CampaignFixture();}). Both are closed after each test.
 */
public final class CampaignFixture implements BeforeEachCallback, AfterEachCallback {

    private TestDatabase db;
    private Campaign campaign;
    private SmtpSimulator smtp;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        db = TestDatabase.open("postgresql");
        campaign = new Campaign(db.dataSource());
        smtp = SmtpSimulator.builder().captureCapacity(20_000).build().start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            smtp.close();
        } finally {
            db.close();
        }
    }

    public TestDatabase db() {
        return db;
    }

    public Campaign campaign() {
        return campaign;
    }

    public SmtpSimulator smtp() {
        return smtp;
    }

    /** Sluice on this fixture's database (policy and properties to be added by the test). */
    public SluiceApp.Builder app() {
        return SluiceApp.builder().database(db.url(), db.user());
    }

    /**
     * Sluice on {@code db} (this fixture's, or another kind the test opened), every domain to this fixture's SMTP
     * server at a fixed site rate, the delivery-progress MBeans refreshed within a second.
     */
    public SluiceApp.Builder fixedRateApp(TestDatabase db, int siteRate) {
        return SluiceApp.builder().database(db.url(), db.user())
                .domains("defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.port() + "\"\n"
                        + "  flow:\n    initialRate: " + siteRate + "\n    maxRate: " + siteRate + "\n"
                        + "domains:\n  {}\n")
                .property("sluice.progress.refresh-interval", "500ms")
                .property("sluice.progress.min-refresh", "100ms");
    }

    /** What this fixture's SMTP server received for {@code domain} (by the first recipient). */
    public List<ReceivedMessage> received(String domain) {
        return smtp.receivedMessages().stream().filter(m -> m.recipients().get(0).endsWith("@" + domain)).toList();
    }

    /** {@code n} Pending rows of {@code delivery} to u0..u(n-1)@domain. */
    public List<Long> rows(long delivery, String domain, int n) throws Exception {
        return campaign.pendingMany(delivery, IntStream.range(0, n).mapToObj(i -> "u" + i + "@" + domain).toList());
    }

    /**
     * A policy for route tests: every domain to this fixture's SMTP server, 1 s windows, a test rule that suspends
     * for 4 s on 'SUSPEND-ME', and {@code extraDomains} (YAML lines under {@code domains:}, or empty).
     */
    public String shortWindowPolicy(String extraDomains) {
        return shortWindowPolicy(smtp.port(), extraDomains);
    }

    public static String shortWindowPolicy(int smtpPort, String extraDomains) {
        return "defaults:\n"
                + "  transport: \"smtp://127.0.0.1:" + smtpPort + "\"\n"
                + "  flow:\n"
                + "    initialRate: 20\n"
                + "    minRate: 0.5\n"
                + "    maxRate: 200\n"
                + "    window: 1s\n"
                + "    upHoldoff: 1s\n"
                + "    minAttempts: 5\n"
                + "    probeRate: 5\n"
                + "    probeSuccesses: 3\n"
                + "domains:\n" + (extraDomains.isEmpty() ? "  {}\n" : extraDomains)
                + "rules:\n"
                + "  - name: test-suspend\n"
                + "    match: 'SUSPEND-ME'\n"
                + "    action: suspend\n"
                + "    duration: 4s\n"
                + "    source: test\n";
    }
}
