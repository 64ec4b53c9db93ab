package io.sluice.dnscheck;

import io.sluice.cli.CheckDnsCommand;
import io.sluice.config.SluiceLocations;
import io.sluice.dkim.DkimKeys;
import io.sluice.dns.DnsSettings;
import io.sluice.dns.LoopbackDnsServer;
import io.sluice.domains.DkimSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * check-dns run in-process against a real DNS server on loopback: the command's own resolver asks it over UDP.
 * One zone at the root holds the sender domains and the reverse names of the sending IPs.
 */
class CheckDnsCommandTest {

    @TempDir
    static Path configDir;

    static LoopbackDnsServer dns;
    static DkimKeys keys;

    @BeforeAll
    static void start() throws Exception {
        KeyPair configured = rsa();
        KeyPair other = rsa();
        Files.writeString(configDir.resolve("s1.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(configured.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        String zone = String.join("\n",
                "$TTL 300",
                ".                     IN SOA ns.test. hostmaster.test. 1 3600 600 86400 30",
                ".                     IN NS  ns.test.",
                "; everything right, SPF through an include",
                "good.test.            IN TXT \"v=spf1 ip4:192.0.2.0/25 include:_spf.provider.test. -all\"",
                "_spf.provider.test.   IN TXT \"v=spf1 ip4:198.51.100.7 ~all\"",
                "good.test.            IN MX  10 mx.good.test.",
                "mx.good.test.         IN A   192.0.2.25",
                "_dmarc.good.test.     IN TXT \"v=DMARC1; p=none; rua=mailto:dmarc@good.test\"",
                "s1._domainkey.good.test. IN TXT " + dkimTxt(configured),
                "; the sending IP: PTR with a forward record, and one without",
                "10.2.0.192.in-addr.arpa. IN PTR mail.good.test.",
                "mail.good.test.       IN A   192.0.2.10",
                "11.2.0.192.in-addr.arpa. IN PTR nofwd.good.test.",
                "; no SPF, no DMARC, no MX, a DKIM record of another key",
                "bad.test.             IN A   192.0.2.99",
                "s1._domainkey.bad.test. IN TXT " + dkimTxt(other),
                "; all but the DKIM record",
                "nodkim.test.          IN TXT \"v=spf1 ip4:192.0.2.10 -all\"",
                "_dmarc.nodkim.test.   IN TXT \"v=DMARC1; p=reject\"",
                "nodkim.test.          IN MX  10 mx.good.test.",
                "; all but the MX",
                "nomx.test.            IN TXT \"v=spf1 a:mail.good.test -all\"",
                "_dmarc.nomx.test.     IN TXT \"v=DMARC1; p=quarantine\"",
                "s1._domainkey.nomx.test. IN TXT " + dkimTxt(configured),
                "; an include loop: over the lookup limit",
                "loop.test.            IN TXT \"v=spf1 include:loop.test -all\"",
                "");
        dns = new LoopbackDnsServer(".", zone);
        keys = DkimKeys.load(List.of(
                new DkimSelector("good.test", "s1", "s1.pem", "dkim.good.test[0]"),
                new DkimSelector("bad.test", "s1", "s1.pem", "dkim.bad.test[0]"),
                new DkimSelector("nodkim.test", "s1", "s1.pem", "dkim.nodkim.test[0]"),
                new DkimSelector("nomx.test", "s1", "s1.pem", "dkim.nomx.test[0]")), configDir);
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** The DKIM record as published: split into strings of at most 255 characters (RFC 6376 3.6.2.2). */
    private static String dkimTxt(KeyPair pair) {
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < record.length(); i += 200) {
            out.append('"').append(record, i, Math.min(record.length(), i + 200)).append("\" ");
        }
        return out.toString().trim();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run checkDns(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DnsSettings settings = new DnsSettings(DnsSettings.parseServers(dns.hostPort()), Duration.ofSeconds(2), false,
                Duration.ZERO, Duration.ZERO);
        int exit = new CheckDnsCommand(() -> new CheckDnsCommand.Setup(settings, keys),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPassASenderWhoseRecordsAreAllRight() {
        Run run = checkDns("--from", "good.test", "--ip", "192.0.2.10");

        assertThat(run.out()).contains("PASS SPF: \"v=spf1 ip4:192.0.2.0/25")
                .contains("-> pass for 192.0.2.10")
                .contains("PASS DKIM s1: s1._domainkey.good.test matches the key in")
                .contains("PASS DMARC: p=none")
                .contains("PASS PTR: 192.0.2.10 -> mail.good.test -> 192.0.2.10 (forward-confirmed)")
                .contains("PASS MX: mx.good.test")
                .doesNotContain("FAIL").doesNotContain("WARN");
        assertThat(run.exit()).isZero();
    }

    @Test
    void shouldFollowAnIncludeToAuthoriseTheIp() {
        Run run = checkDns("--from", "good.test", "--ip", "198.51.100.7");

        assertThat(run.out()).contains("-> pass for 198.51.100.7");
    }

    @Test
    void shouldFailSpfThatDoesNotAuthoriseTheIpAndSayWhatToAdd() {
        Run run = checkDns("--from", "good.test", "--ip", "192.0.2.200");

        assertThat(run.out()).contains("FAIL SPF:").contains("-> fail for 192.0.2.200")
                .contains("fix: add ip4:192.0.2.200");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void shouldFailMissingSpfDmarcAndAMismatchedDkimKey() {
        Run run = checkDns("--from", "bad.test");

        assertThat(run.out()).contains("FAIL SPF: no v=spf1 TXT record at bad.test")
                .contains("fix: publish a TXT record at bad.test: \"v=spf1")
                .contains("FAIL DKIM s1: s1._domainkey.bad.test holds a different public key")
                .contains("FAIL DMARC: no v=DMARC1 TXT record at _dmarc.bad.test")
                .contains("fix: publish a TXT record at _dmarc.bad.test")
                .contains("WARN MX: no MX record for bad.test");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void shouldFailAMissingDkimRecordWithTheRecordToPublish() {
        Run run = checkDns("--from", "nodkim.test", "--ip", "192.0.2.10");

        assertThat(run.out()).contains("PASS SPF").contains("PASS DMARC: p=reject")
                .contains("FAIL DKIM s1: no DKIM key record (TXT with p=) at s1._domainkey.nodkim.test")
                .contains("fix: publish a TXT record at s1._domainkey.nodkim.test: \"v=DKIM1; k=rsa; p=" + keys.forDomain("nodkim.test").get(0).publicKeyBase64() + "\"");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void shouldFailDkimWhenNoKeyIsConfiguredForTheDomain() {
        Run run = checkDns("--from", "loop.test");

        assertThat(run.out()).contains("FAIL DKIM: no DKIM key configured for loop.test");
    }

    @Test
    void shouldWarnOfAMissingMxWithoutFailingTheExit() {
        Run run = checkDns("--from", "nomx.test", "--ip", "192.0.2.10");

        assertThat(run.out()).contains("PASS SPF").contains("-> pass for 192.0.2.10")
                .contains("PASS DKIM s1").contains("PASS DMARC: p=quarantine")
                .contains("WARN MX: no MX record for nomx.test").contains("fix: publish an MX record");
        assertThat(run.exit()).isZero();
    }

    @Test
    void shouldFailAPtrThatDoesNotResolveBack() {
        Run run = checkDns("--from", "good.test", "--ip", "192.0.2.11");

        assertThat(run.out()).contains("FAIL PTR: 192.0.2.11 -> nofwd.good.test, which does not resolve back")
                .contains("fix: add an A/AAAA record nofwd.good.test -> 192.0.2.11");
        assertThat(run.exit()).isEqualTo(1);

        Run none = checkDns("--from", "good.test", "--ip", "192.0.2.12");
        assertThat(none.out()).contains("FAIL PTR: no PTR record for 192.0.2.12");
    }

    @Test
    void shouldStopAnSpfIncludeLoopAtTheLookupLimit() {
        Run run = checkDns("--from", "loop.test", "--ip", "192.0.2.10");

        assertThat(run.out()).contains("permerror (more than 10 DNS lookups)");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void shouldReadTheResolverAndTheDkimKeysFromSluicesConfiguration() throws Exception {
        Files.writeString(configDir.resolve("application.properties"), "sluice.dns.servers = " + dns.hostPort()
                + "\nsluice.dns.timeout = 2s\nsluice.domains.files = domains.yaml\n");
        Files.writeString(configDir.resolve("domains.yaml"), "dkim:\n  good.test:\n    selector: s1\n    privateKey: s1.pem\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        int exit = new CheckDnsCommand(CheckDnsCommand.configuredIn(new SluiceLocations(configDir, configDir)),
                new PrintStream(out, true, StandardCharsets.UTF_8), err).run(new String[] {"--from", "good.test", "--ip", "192.0.2.10"});

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PASS DKIM s1").contains("PASS PTR");
        assertThat(exit).isZero();
    }

    @Test
    void shouldRejectBadArgumentsWithUsageAndExit2() {
        assertThat(checkDns().exit()).isEqualTo(2);
        assertThat(checkDns().err()).contains("--from is required").contains("Usage: java -jar sluice.jar check-dns");
        assertThat(checkDns("--from", "good.test", "--ip", "mail.good.test").err())
                .contains("--ip 'mail.good.test' is not an IPv4 or IPv6 address");
        assertThat(checkDns("--from").err()).contains("--from needs a value");
        assertThat(checkDns("--from", "good.test", "--verbose").exit()).isEqualTo(2);
    }
}
