package io.sluice.pipeline;

import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * AUTH towards a relay: the user from domains.yaml, the password from a property placeholder (here a property of
 * the test; in production an environment variable), checked by a SubEthaSMTP server that requires AUTH.
 */
class RelayAuthTest {

    static final String SECRET = "s3cr&t(pa%ss)word";

    @Test
    void shouldLogInToTheRelayWithThePasswordFromAProperty() throws Exception {
        List<String> logins = new CopyOnWriteArrayList<>();
        List<String> received = new CopyOnWriteArrayList<>();
        SMTPServer relay = SMTPServer.port(freePort()).bindAddress(InetAddress.getLoopbackAddress())
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                    logins.add(user);
                    if (!"apikey".equals(user) || !SECRET.equals(password)) {
                        throw new LoginFailedException();
                    }
                }))
                .requireAuth()
                .messageHandler((context, from, to, data) -> received.add(to))
                .build();
        relay.start();
        try (TestDatabase db = TestDatabase.open("embedded")) {
            Campaign campaign = new Campaign(db.dataSource());
            long delivery = campaign.delivery().retries(3, 3600).create();
            long good = campaign.pending(delivery, "ann@good.test");
            long bad = campaign.pending(delivery, "bob@badpass.test");
            String domains = String.join("\n",
                    "defaults:",
                    "  transport: \"smtp://127.0.0.1:" + relay.getPortAllocated() + "\"",
                    "  auth: {user: apikey, password: \"{{sluice.test.relay-password}}\"}",
                    "domains:",
                    "  badpass.test:",
                    "    auth: {user: apikey, password: \"{{sluice.test.wrong-password}}\"}",
                    "");

            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.test.relay-password", SECRET)
                    .property("sluice.test.wrong-password", "not-it")
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.count(
                        "SELECT COUNT(*) FROM NmsBroadLogRcp WHERE tsEvent IS NULL") == 0);
                for (Endpoint e : app.context().getEndpoints()) {
                    assertThat(org.apache.camel.util.URISupport.sanitizeUri(e.getEndpointUri()))
                            .as("what Camel shows of an endpoint").doesNotContain(SECRET);
                }
            }

            assertThat(received).containsExactly("ann@good.test");
            assertThat(logins).contains("apikey");
            assertThat(campaign.row(good).status()).isEqualTo(1);
            Campaign.Row refused = campaign.row(bad);
            assertThat(refused.status()).as("our credentials are wrong, not the recipient: retried").isEqualTo(6);
            assertThat(refused.msgText()).doesNotContain("not-it");
        } finally {
            relay.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
