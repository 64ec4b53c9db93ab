package io.sluice.send;

import static io.sluice.SluiceConstants.SLUICE_ADDRESS;
import static io.sluice.SluiceConstants.SLUICE_HTML;
import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SUBJECT;
import static io.sluice.SluiceConstants.SLUICE_TEXT;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.message.ClaimedRow;
import io.sluice.message.RecipientAddress;
import io.sluice.send.pool.WireMessage;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * The message camel-mail is handed: what reaches the wire (headers, parts, encodings), built from the rendered
 * subject and bodies, and nothing of the exchange's internal headers.
 */
class MessageAssemblerTest {

    private static final String[] NOT_ON_THE_WIRE = {"Bcc", "Content-Length"};
    private final CamelContext context = new DefaultCamelContext();
    private final MessageAssembler assembler = new MessageAssembler("noreply@sluice.test", "");

    @Test
    void shouldBuildAnAlternativeWithTheTextFirstAndEncodeNamesAndSubjectInUtf8() throws Exception {
        Exchange exchange = exchange("Zoé Martin <news@shop.test>", "Votre commande à Orléans",
                "<p>Bonjour Zoé</p>", "Bonjour Zoé\r\n");
        exchange.getMessage().setHeader("SluiceSite", "mx1.shop.test");
        exchange.getMessage().setHeader("mail.smtp.host", "elsewhere.test");

        assembler.assemble(exchange);

        assertThat(exchange.getMessage().getHeaders()).as("no internal header left for camel-mail").isEmpty();
        MimeMessage message = exchange.getMessage().getBody(MimeMessage.class);
        assertThat(message).isInstanceOf(WireMessage.class);
        assertThat(message.getFrom()).containsExactly(new InternetAddress("news@shop.test", "Zoé Martin", "UTF-8"));
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly("ann@example.com");
        assertThat(message.getSubject()).isEqualTo("Votre commande à Orléans");
        assertThat(message.getMessageID()).endsWith("@shop.test>");
        assertThat(message.getHeader("Date", null)).isNotBlank();

        String wire = wire(message);
        assertThat(wire).contains("From: =?UTF-8?Q?Zo=C3=A9_Martin?= <news@shop.test>\r\n",
                "Subject: " + MimeUtility.encodeText("Votre commande à Orléans", "UTF-8", null) + "\r\n",
                "X-Broadlog-Id: 42\r\n", "X-Delivery-Id: 7\r\n", "MIME-Version: 1.0\r\n",
                "Content-Type: multipart/alternative;");
        assertThat(wire.indexOf("Content-Type: text/plain; charset=UTF-8"))
                .as("text part first, HTML last (the preferred one)")
                .isPositive().isLessThan(wire.indexOf("Content-Type: text/html; charset=UTF-8"));
        assertThat(wire).contains("Bonjour Zo=C3=A9").contains("Content-Transfer-Encoding: quoted-printable")
                .doesNotContain("SluiceSite").doesNotContain("elsewhere.test");
    }

    @Test
    void shouldSendAnHtmlOnlyOrTextOnlyMessageAsOnePart() throws Exception {
        Exchange html = exchange(null, "Hello", "<p>Hello Ann</p>", null);
        assembler.assemble(html);
        String htmlWire = wire(html.getMessage().getBody(MimeMessage.class));
        assertThat(htmlWire).contains("From: noreply@sluice.test\r\n", "Content-Type: text/html; charset=UTF-8\r\n",
                "Content-Transfer-Encoding: 7bit\r\n").endsWith("\r\n\r\n<p>Hello Ann</p>");

        Exchange text = exchange("news@shop.test", "Hello", null, null);
        assembler.assemble(text);
        assertThat(wire(text.getMessage().getBody(MimeMessage.class)))
                .contains("Content-Type: text/plain; charset=UTF-8\r\n").endsWith("\r\n\r\n");
    }

    private Exchange exchange(String mailFrom, String subject, String html, String text) {
        ClaimedRow row = new ClaimedRow(42, 7, 3L, 0, "token", Instant.parse("2026-11-26T10:00:00Z"), "ann@example.com",
                true, "ann@example.com", "Ann", "Lee", false, true, "DM7", mailFrom, 3, 3600, null, 0);
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(SLUICE_ROW, row);
        exchange.setProperty(SLUICE_ADDRESS, RecipientAddress.check("ann@example.com"));
        exchange.setProperty(SLUICE_SUBJECT, subject);
        exchange.setProperty(SLUICE_HTML, html);
        exchange.setProperty(SLUICE_TEXT, text);
        return exchange;
    }

    private static String wire(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out, NOT_ON_THE_WIRE);
        return out.toString(StandardCharsets.UTF_8);
    }

}
