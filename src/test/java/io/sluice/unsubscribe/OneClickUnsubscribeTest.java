package io.sluice.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.bounces.ReturnPath;
import io.sluice.testsupport.Campaign;
import io.sluice.testsupport.SluiceApp;
import io.sluice.testsupport.TestDatabase;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.server.SMTPServer;

/**
 * End to end: a delivery is sent to SubEthaSMTP with the List-Unsubscribe headers and a VERP MAIL FROM; the test
 * POSTs to the URL of the received header (real HTTP to the real listener); the next delivery to that recipient
 * ends Failed with reason 8 and the SMTP server receives nothing for them.
 */
class OneClickUnsubscribeTest {

    private static final String SECRET = "unsubscribe-secret-0123456789abcdef";
    private static final String VERP_SECRET = "verp-secret-0123456789abcdef-0123";

    record Received(String from, byte[] data) {
    }

    @Test
    void shouldUnsubscribeByOneClickPostAndSendNothingMore() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        SMTPServer smtp = SMTPServer.port(freePort()).bindAddress(InetAddress.getLoopbackAddress())
                .messageHandler((context, from, to, data) -> received.add(new Received(from, data))).build();
        smtp.start();
        int port = freePort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (TestDatabase db = TestDatabase.open("embedded")) {
            Campaign campaign = new Campaign(db.dataSource());
            long recipient = campaign.recipient("ann@example.test", "Ann", "Lee");
            long first = campaign.delivery().create();
            long row = campaign.pending(first, recipient, 0);
            String domains = "defaults:\n  transport: \"smtp://127.0.0.1:" + smtp.getPortAllocated() + "\"\n";
            try (SluiceApp app = SluiceApp.builder().database(db.url(), db.user()).domains(domains)
                    .property("sluice.unsubscribe.base-url", "http://127.0.0.1:" + port + "/unsubscribe")
                    .property("sluice.unsubscribe.secret", SECRET)
                    .property("sluice.unsubscribe.port", String.valueOf(port))
                    .property("sluice.bounces.return-path-domain", "bounce.example.test")
                    .property("sluice.bounces.return-path-secret", VERP_SECRET)
                    .start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> received.size() == 1);
                Received mail = received.get(0);
                assertThat(ReturnPath.of("bounce.example.test", VERP_SECRET).orElseThrow().verify(mail.from()))
                        .as("MAIL FROM is the VERP address of the row").contains(row);
                MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                        new ByteArrayInputStream(mail.data()));
                assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
                String header = message.getHeader("List-Unsubscribe", null).replaceAll("\\s+", "");
                String url = header.substring(1, header.indexOf('>'));
                assertThat(url).startsWith("http://127.0.0.1:" + port + "/unsubscribe/");

                HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(get.statusCode()).isEqualTo(200);
                assertThat(get.body()).contains("<form method=\"post\"").contains("List-Unsubscribe");
                assertThat(blackList(campaign, recipient)).as("a GET changes nothing").isZero();

                String tampered = url.substring(0, url.length() - 3) + (url.endsWith("AAA") ? "BBB" : "AAA");
                assertThat(post(http, tampered, "List-Unsubscribe=One-Click").statusCode()).isEqualTo(404);
                assertThat(post(http, url, "something=else").statusCode()).isEqualTo(400);
                int longToken = status(http, "http://127.0.0.1:" + port + "/unsubscribe/" + "A".repeat(10_000),
                        "List-Unsubscribe=One-Click");
                assertThat(longToken).isBetween(400, 499);
                int huge = status(http, url, "List-Unsubscribe=One-Click&" + "x".repeat(10 * 1024 * 1024));
                assertThat(huge).as("10 MB body: 4xx or the connection closed (-1)").isIn(-1, 413);
                assertThat(blackList(campaign, recipient)).as("bad requests change nothing").isZero();

                assertThat(post(http, url, "List-Unsubscribe=One-Click").statusCode()).isEqualTo(200);
                assertThat(post(http, url, "List-Unsubscribe=One-Click").statusCode()).isEqualTo(200);
                assertThat(blackList(campaign, recipient)).isEqualTo(1);
                assertThat(campaign.count("SELECT COUNT(*) FROM SluiceUnsubscribe WHERE iDeliveryId = " + first))
                        .as("counted once").isEqualTo(1);

                long second = campaign.delivery().create();
                long next = campaign.pending(second, recipient, 0);
                await().atMost(Duration.ofSeconds(60)).until(() -> campaign.row(next).status() == 2);
                assertThat(campaign.row(next).failureReason()).as("Denylisted address").isEqualTo(8);
                assertThat(received).hasSize(1);
            }
        } finally {
            smtp.stop();
        }
    }

    private static long blackList(Campaign campaign, long recipient) throws Exception {
        return campaign.count("SELECT iBlackList FROM NmsRecipient WHERE iRecipientId = " + recipient);
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a POST, or -1 when the server closed the connection instead of answering. */
    private static int status(HttpClient http, String url, String body) {
        try {
            return post(http, url, body).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
