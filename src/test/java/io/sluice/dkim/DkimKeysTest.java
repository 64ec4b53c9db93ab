package io.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.domains.DomainsDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

/** The dkim section of domains.yaml and its key files: what is accepted, and the clear error for what is not. */
class DkimKeysTest {

    private static DkimKeys load(Path dir, String yaml) {
        return DkimKeys.load(DomainsDocument.parse(yaml).dkim(), dir);
    }

    @Test
    void shouldAcceptASingleMapAndResolveARelativePathAgainstTheConfigDir() throws Exception {
        Path dir = Files.createTempDirectory("dkim");
        KeyPair pair = TestKeys.rsa(2048);
        TestKeys.pem(dir, "sender.pem", pair);

        DkimKeys keys = load(dir, "dkim:\n  Sender.Example:\n    selector: s2026\n    privateKey: sender.pem\n");

        assertThat(keys.forDomain("sender.example")).singleElement().satisfies(k -> {
            assertThat(k.selector()).isEqualTo("s2026");
            assertThat(k.file()).isEqualTo(dir.resolve("sender.pem").toAbsolutePath().normalize());
            assertThat(k.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
            assertThat(k.publicKey()).as("derived from the private key").isEqualTo(pair.getPublic());
            assertThat(k.dnsRecord()).isEqualTo(PythonDkim.txt(pair.getPublic()));
            assertThat(k.dnsName()).isEqualTo("s2026._domainkey.sender.example");
            assertThat(k.toString()).doesNotContain(k.publicKeyBase64().substring(0, 40));
        });
        assertThat(keys.forDomain("other.example")).isEmpty();
        assertThat(keys.forDomain("sub.sender.example")).as("an exact entry covers no subdomain").isEmpty();
    }

    @Test
    void shouldCoverADomainAndItsSubdomainsWithAWildcardAndPreferAnExactEntry() throws Exception {
        Path dir = Files.createTempDirectory("dkim");
        TestKeys.pem(dir, "wild.pem", TestKeys.rsa(1024));
        KeyPair ed = TestKeys.ed25519();
        TestKeys.pem(dir, "ed.pem", ed);
        TestKeys.pem(dir, "exact.pem", TestKeys.rsa(1024));

        DkimKeys keys = load(dir, String.join("\n", "dkim:", "  \"*.example.com\":",
                "    - {selector: w1, privateKey: wild.pem}", "    - {selector: e1, privateKey: ed.pem}",
                "  shop.example.com:", "    - {selector: x1, privateKey: exact.pem}", ""));

        assertThat(keys.forDomain("a.b.Example.com")).extracting(DkimKey::selector).containsExactly("w1", "e1");
        assertThat(keys.forDomain("example.com")).extracting(DkimKey::selector).containsExactly("w1", "e1");
        assertThat(keys.forDomain("shop.example.com")).extracting(DkimKey::selector).containsExactly("x1");
        assertThat(keys.forDomain("notexample.com")).isEmpty();
        DkimKey edKey = keys.forDomain("example.com").get(1);
        assertThat(edKey.signingDomain()).isEqualTo("example.com");
        assertThat(edKey.publicKey()).as("Ed25519 public key derived from the private key").isEqualTo(ed.getPublic());
        assertThat(edKey.dnsRecord()).isEqualTo(PythonDkim.txt(ed.getPublic()));
    }

    @Test
    void shouldRefuseAKeyUnder1024BitsNamingTheDomainAndTheFile() throws Exception {
        Path dir = Files.createTempDirectory("dkim");
        TestKeys.pem(dir, "short.pem", TestKeys.rsa(512));
        assertThatThrownBy(() -> load(dir, "dkim:\n  sender.example: {selector: s1, privateKey: short.pem}\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sender.example").hasMessageContaining(dir.resolve("short.pem").toString())
                .hasMessageContaining("512 bits");
    }

    @Test
    void shouldRefuseAFileInAWrongFormat() throws Exception {
        Path dir = Files.createTempDirectory("dkim");
        Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("junk.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> load(dir, "dkim:\n  a.example: {selector: s1, privateKey: pkcs1.pem}\n"))
                .hasMessageContaining("a.example").hasMessageContaining("pkcs1.pem").hasMessageContaining("PKCS#1")
                .hasMessageContaining("openssl pkcs8");
        assertThatThrownBy(() -> load(dir, "dkim:\n  b.example: {selector: s1, privateKey: junk.pem}\n"))
                .hasMessageContaining("b.example").hasMessageContaining("junk.pem")
                .hasMessageContaining("not an RSA or Ed25519 PKCS#8 private key");
    }

    @Test
    void shouldRefuseAMissingFile() throws Exception {
        Path dir = Files.createTempDirectory("dkim");
        assertThatThrownBy(() -> load(dir, "dkim:\n  sender.example:\n    - selector: s1\n      privateKey: gone.pem\n"))
                .hasMessageContaining("sender.example").hasMessageContaining("gone.pem")
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRefuseABadSelectorOrAnUnknownKey() {
        assertThatThrownBy(() -> DomainsDocument.parse("dkim:\n  a.example: {selector: \"s1;x\", privateKey: k.pem}\n"))
                .hasMessageContaining("dkim.a.example.selector");
        assertThatThrownBy(() -> DomainsDocument.parse("dkim:\n  a.example: {selector: s1, key: k.pem}\n"))
                .hasMessageContaining("dkim.a.example.key is not a known key");
    }
}
