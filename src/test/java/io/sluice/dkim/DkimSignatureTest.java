package io.sluice.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.RecordingSmtpServer;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the SMTP server receives from the running application is DKIM-signed so that an independent verifier
 * (python3-dkim) accepts it: RSA and Ed25519, UTF-8 subjects and names, long lines, lines starting with a dot,
 * multipart messages; a changed byte fails. Mail from a domain without a key ends Failed under
 * {@code sluice.dkim.unsigned=fail}.
 */
class DkimSignatureTest {

    private static final String LONG_LINE = "Lorem ipsum dolor sit amet, ".repeat(80); // 2,240 characters, no break

    @BeforeAll
    static void verifierInstalled() {
        PythonDkim.assumeInstalled();
    }

    @Test
    void shouldSignEveryMessageSoThatAnIndependentVerifierAcceptsWhatTheServerReceived() throws Exception {
        Path dir = Files.createTempDirectory("dkim-keys");
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair rsa2 = TestKeys.rsa(1024);
        KeyPair ed = TestKeys.ed25519();
        TestKeys.pem(dir, "rsa.pem", rsa);
        TestKeys.pem(dir, "rsa2.pem", rsa2);
        TestKeys.pem(dir, "ed.pem", ed);
        Map<String, String> dns = Map.of(
                "s2026._domainkey.rsa.test", PythonDkim.txt(rsa.getPublic()),
                "r1._domainkey.both.test", PythonDkim.txt(rsa2.getPublic()),
                "e1._domainkey.both.test", PythonDkim.txt(ed.getPublic()));

        try (RecordingSmtpServer server = RecordingSmtpServer.start();
             TestDatabase db = TestDatabase.open("embedded")) {
            Map<String, byte[]> received = server.received();
            Campaign campaign = new Campaign(db.dataSource());
            long multipart = campaign.delivery().from("Zoé Expéditeur-Ünïcode <news@rsa.test>")
                    .subject("Votre commande à Orléans, {{recipient.firstName}} : 10 € ✓ — 日本語")
                    .html("<p>Bonjour {{recipient.firstName}}</p>\n.<p>a line that starts with a dot</p>\n"
                            + LONG_LINE + "\n")
                    .text("Bonjour {{recipient.firstName}}\n.a dot first\n..two dots\n.\n" + LONG_LINE
                            + "\ntrailing blanks   \t\n\tindented\n\n\n")
                    .create();
            long textOnly = campaign.delivery().from("news@mail.both.test").subject("Plain ASCII")
                    .html(null).text("Hello.\r\n.\r\nBye\r\n").create();
            long unsigned = campaign.delivery().from("news@nokey.test").create();
            campaign.pending(multipart, campaign.recipient("zoe@example.com", "Zoé", "Müller"), 0);
            campaign.pending(textOnly, "ann@example.com");
            long refused = campaign.pending(unsigned, "bob@example.com");
            String domains = String.join("\n",
                    "defaults:",
                    "  transport: \"" + server.uri() + "\"",
                    "dkim:",
                    "  rsa.test:",
                    "    selector: s2026",
                    "    privateKey: " + dir.resolve("rsa.pem"),
                    "  \"*.both.test\":",
                    "    - selector: r1",
                    "      privateKey: " + dir.resolve("rsa2.pem"),
                    "    - selector: e1",
                    "      privateKey: " + dir.resolve("ed.pem"),
                    "");

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.dkim.unsigned", "fail")
                    // one-click unsubscribe on: its List-Unsubscribe pair is signed too (RFC 8058 3.1)
                    .property("sluice.unsubscribe.base-url", "https://u.example.com/unsubscribe")
                    .property("sluice.unsubscribe.secret", "a-test-secret-of-at-least-32-characters")
                    .property("sluice.unsubscribe.port", String.valueOf(RecordingSmtpServer.freePort())).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
            }

            byte[] signedMultipart = received.get("zoe@example.com");
            String wire = new String(signedMultipart, StandardCharsets.UTF_8);
            assertThat(wire).contains("\r\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=rsa.test; s=s2026;")
                    .contains("h=From:From:To:Subject:Date:Message-ID:MIME-Version:Content-Type:List-Unsubscribe:")
                    .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
                    .contains("multipart/alternative").contains("\r\n.a dot first\r\n");
            assertThat(wire.indexOf("DKIM-Signature:")).as("above the message's own headers (after the server's"
                    + " Received)").isLessThan(wire.indexOf("\r\nDate:"));
            assertThat(PythonDkim.verify(signedMultipart, dns)).containsExactly("pass rsa-sha256 d=rsa.test");

            byte[] signedTwice = received.get("ann@example.com");
            assertThat(PythonDkim.verify(signedTwice, dns)).as("RSA on top, then Ed25519, both for the parent domain")
                    .containsExactly("pass rsa-sha256 d=both.test", "pass ed25519-sha256 d=both.test");

            assertThat(PythonDkim.verify(changed(signedMultipart, "Bonjour Zo"), dns))
                    .as("one changed byte of the body").containsExactly("fail rsa-sha256 d=rsa.test");
            assertThat(PythonDkim.verify(changed(signedTwice, "Subject: Plain"), dns))
                    .as("one changed byte of a signed header")
                    .containsExactly("fail rsa-sha256 d=both.test", "fail ed25519-sha256 d=both.test");

            assertThat(received).doesNotContainKey("bob@example.com");
            Campaign.Row row = campaign.row(refused);
            assertThat(row.status()).as("Failed").isEqualTo(2);
            assertThat(row.msgText()).contains("no DKIM key for domain nokey.test");
        }
    }

    /** A copy with the byte after the first occurrence of {@code marker} changed. */
    private static byte[] changed(byte[] message, String marker) {
        int at = new String(message, StandardCharsets.ISO_8859_1).indexOf(marker);
        assertThat(at).as(marker).isNotNegative();
        byte[] copy = message.clone();
        copy[at + marker.length()] ^= 0x01;
        return copy;
    }

}
