package io.sluice.policy;

import io.sluice.dkim.DkimSigning;
import io.sluice.domains.SiteLimits;
import io.sluice.flowcontrol.DomainFlow;
import io.sluice.flowcontrol.FlowControlRegistry;
import io.sluice.flowcontrol.WindowCounts;
import io.sluice.testsupport.CapturedLog;
import io.sluice.testsupport.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live policy on its own: a good file is applied once two reads agree, a bad one (or a short DKIM key) keeps the
 * old policy and shows the error, a file caught half-written is never applied, and flow control keeps each site's
 * state across a reload while taking the new rules and limits.
 */
class LivePolicyTest {

    private static final String BASE = """
            defaults:
              transport: "smtp://127.0.0.1:2525"
              flow:
                initialRate: 10
                maxRate: 50
            sites:
              google:
                mx: ["*.google.com"]
            domains:
              held.test:
                maxConnections: 4
            """;

    @TempDir
    Path dir;
    private Path file;
    private final TestClock clock = TestClock.at();

    @BeforeEach
    void writeBase() throws Exception {
        file = dir.resolve("domains.yaml");
        Files.writeString(file, BASE);
    }

    private LivePolicy load() {
        return LivePolicy.load(new PolicyFiles(List.of(Path.of("domains.yaml")), dir), clock);
    }

    @Test
    void shouldApplyAGoodFileOnceTwoReadsAgree() throws Exception {
        LivePolicy policy = load();
        String before = policy.hash();
        Files.writeString(file, BASE.replace("maxConnections: 4", "maxConnections: 2"));

        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.PENDING);
        assertThat(policy.policies().limitsFor("held.test").maxConnections()).isEqualTo(4);
        clock.advanceSeconds(2);
        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.APPLIED);

        assertThat(policy.policies().limitsFor("held.test").maxConnections()).isEqualTo(2);
        assertThat(policy.hash()).isNotEqualTo(before);
        assertThat(policy.loadedAt()).isEqualTo(clock.instant());
        assertThat(policy.lastError()).isEmpty();
        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.UNCHANGED);
    }

    @Test
    void shouldKeepTheOldPolicyAndShowTheErrorOfABadFile() throws Exception {
        LivePolicy policy = load();
        String before = policy.hash();
        Files.writeString(file, BASE.replace("maxRate: 50", "maxRate: -3"));

        try (CapturedLog log = CapturedLog.warnings()) {
            policy.check();
            assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.REJECTED);
            assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.REJECTED);
            assertThat(log.lines()).filteredOn(l -> l.startsWith("ERROR")).hasSize(1)
                    .first().asString().contains("defaults.flow.maxRate").contains(file.toString());
        }
        assertThat(policy.hash()).isEqualTo(before);
        assertThat(policy.flowSettings().defaults().getMaxRate()).isEqualTo(50);
        assertThat(policy.lastError()).contains("defaults.flow.maxRate").contains("-3").contains(file.toString());

        Files.writeString(file, BASE); // fixed by going back to the version in force
        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.UNCHANGED);
        assertThat(policy.lastError()).isEmpty();
    }

    @Test
    void shouldNotApplyAFileCaughtHalfWritten() throws Exception {
        LivePolicy policy = load();
        String next = BASE + "  new.test:\n    maxConnections: 1\n  other.test:\n    maxConnections: 3\n";
        // the writer has written up to the middle of new.test's section: valid YAML, but not the file meant
        Files.writeString(file, next.substring(0, next.indexOf("  other.test")));
        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.PENDING);
        Files.writeString(file, next); // the write completes before the next read
        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.PENDING);
        assertThat(policy.policies().limitsFor("new.test")).isEqualTo(policy.policies().limitsFor("unknown.test"));

        assertThat(policy.check()).isEqualTo(LivePolicy.Outcome.APPLIED);
        assertThat(policy.policies().limitsFor("new.test").maxConnections()).isEqualTo(1);
        assertThat(policy.policies().limitsFor("other.test").maxConnections()).isEqualTo(3);
    }

    @Test
    void shouldApplyARuleAddedWhileASiteIsHeldBack() throws Exception {
        LivePolicy policy = load();
        FlowControlRegistry registry = FlowControlRegistry.of(policy.flowSettings(), clock);
        policy.addListener((previous, current, diff) -> registry.reconfigure(current.flow()));
        DomainFlow held = registry.flow("held.test");
        held.setRate(2, Duration.ofHours(1), "test");
        assertThat(held.getState()).isEqualTo(DomainFlow.State.BACKOFF);
        assertThat(registry.onReply("held.test", "421 4.7.0 [TS99] too much")).isEmpty();

        Files.writeString(file, BASE + """
                rules:
                  - name: ts99
                    match: '\\[TS99\\]'
                    action: suspend
                    duration: 1h
                """);
        assertThat(policy.reload()).startsWith("applied").contains("rule ts99 added");

        assertThat(held.getState()).as("the held-back site keeps its state across the reload")
                .isEqualTo(DomainFlow.State.BACKOFF);
        assertThat(held.currentRate()).isEqualTo(2);
        assertThat(registry.onReply("held.test", "421 4.7.0 [TS99] too much")).isPresent();
        assertThat(held.getState()).isEqualTo(DomainFlow.State.SUSPENDED);
    }

    @Test
    void shouldKeepASitesLearnedRateAcrossAReload() throws Exception {
        LivePolicy policy = load();
        FlowControlRegistry registry = FlowControlRegistry.of(policy.flowSettings(), clock);
        policy.addListener((previous, current, diff) -> registry.reconfigure(current.flow()));
        DomainFlow google = registry.flow("google");
        google.onWindow(WindowCounts.of(5, 95, 0, 0, 0, 0)); // the receiver deferred most: the rate is cut
        double learned = google.currentRate();
        assertThat(learned).isLessThan(10);

        Files.writeString(file, BASE.replace("initialRate: 10", "initialRate: 20").replace("maxRate: 50", "maxRate: 80"));
        assertThat(policy.reload()).startsWith("applied");

        assertThat(google.currentRate()).as("learned rate kept").isEqualTo(learned);
        assertThat(google.getConfig().getMaxRate()).isEqualTo(80);
        assertThat(registry.flow("new.test").currentRate()).as("a new site starts from the new initialRate")
                .isEqualTo(20);
    }

    @Test
    void shouldSayWhatChangedLineByLineWithoutKeyMaterial() throws Exception {
        LivePolicy policy = load();
        KeyPair pair = rsa(2048);
        pem("s1.pem", pair);
        Files.writeString(file, BASE.replace("maxRate: 50", "maxRate: 40")
                .replace("    mx: [\"*.google.com\"]", "    mx: [\"*.google.com\"]\n  yahoo:\n    mx: [\"*.yahoodns.net\"]")
                .replace("maxConnections: 4", "maxConnections: 2") + """
                rules:
                  - name: ts99
                    match: 'TS99'
                    action: suspend
                    duration: 1h
                dkim:
                  sender.example:
                    selector: s1
                    privateKey: s1.pem
                """);

        List<PolicyDiff> diffs = new ArrayList<>();
        policy.addListener((previous, current, diff) -> diffs.add(diff));
        String result = policy.reload();

        assertThat(result).startsWith("applied");
        assertThat(diffs).hasSize(1);
        assertThat(diffs.get(0).changes()).containsExactlyInAnyOrder("defaults.flow.maxRate: 50 -> 40",
                "site yahoo added", "domains.held.test.maxConnections: 4 -> 2", "rule ts99 added",
                "DKIM selector s1 of sender.example added");
        assertThat(diffs.get(0).restartNeeded()).isEmpty();
        String all = result + diffs.get(0).changes();
        assertThat(all).doesNotContain("PRIVATE KEY")
                .doesNotContain(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()).substring(0, 40))
                .doesNotContain(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()).substring(0, 40));
    }

    @Test
    void shouldWarnOfWhatNeedsARestart() throws Exception {
        LivePolicy policy = load();
        Files.writeString(file, BASE.replace("maxRate: 50", "maxRate: 50\n    window: 20s"));
        try (CapturedLog log = CapturedLog.warnings()) {
            assertThat(policy.reload()).startsWith("applied");
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("defaults.flow.window")
                    && l.contains("restart"));
        }
    }

    @Test
    void shouldRejectAShortDkimKeyAndKeepTheOldKeys() throws Exception {
        pem("s1.pem", rsa(2048));
        Files.writeString(file, BASE + "dkim:\n  sender.example:\n    selector: s1\n    privateKey: s1.pem\n");
        LivePolicy policy = load();
        DkimSigning signing = DkimSigning.configure(policy.current().dkim(), "send", "a@sender.example");
        policy.addListener((previous, current, diff) -> signing.replaceKeys(current.dkim()));
        var before = signing.keys().all().get(0);

        pem("s1.pem", rsa(512)); // a key rotated to one that is too short
        assertThat(policy.reload()).startsWith("rejected").contains("s1.pem").contains("512 bits");
        assertThat(policy.lastError()).contains("s1.pem");
        assertThat(signing.keys().all()).containsExactly(before);

        pem("s1.pem", rsa(2048)); // a good rotation
        assertThat(policy.reload()).startsWith("applied").contains("DKIM selector s1 of sender.example: key changed");
        assertThat(signing.keys().all().get(0)).isNotSameAs(before);
        assertThat(policy.lastError()).isEmpty();
    }

    @Test
    void shouldRejectAMissingFileAndApplyItsReturn() throws Exception {
        LivePolicy policy = load();
        Files.delete(file);
        assertThat(policy.reload()).startsWith("rejected").contains("does not exist");
        Files.writeString(file, BASE.replace("maxConnections: 4", "maxConnections: 3"));
        assertThat(policy.reload()).startsWith("applied");
        assertThat(policy.policies().limitsFor("held.test")).extracting(SiteLimits::maxConnections).isEqualTo(3);
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private void pem(String name, KeyPair pair) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded());
        Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }
}
