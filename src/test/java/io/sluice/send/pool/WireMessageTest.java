package io.sluice.send.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bytes a pooled session sends must be exactly those Angus would have written for the message itself: same
 * transfer encoding, same headers, same body. Each case builds the message twice (as camel-mail does: content in a
 * ByteArrayDataSource) and compares jakarta.mail's own rendering with both of Sluice's: a {@link WireMessage}
 * rendered in place (Sluice's own messages) and any other message rendered by {@link WireMessage#forTransport}.
 */
class WireMessageTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String[] NOT_ON_THE_WIRE = {"Bcc", "Content-Length"};
    private static final String BOUNDARY = "----=_Part_[0-9_.]+";
    private static final Map<String, String> BODIES = Map.of(
            "ASCII with short lines", "<html><body>\r\n<p>Hello Ann,</p>\r\n<p>See you.</p>\r\n</body></html>\r\n",
            "a line longer than 998", "<html><body>"
                    + "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>".repeat(40) + "</body></html>",
            "accented text", "Bonjour Zoé, votre commande à Orléans est expédiée.\r\n",
            "mostly non-ASCII text", "こんにちは、山田さん。ご注文の商品を発送しました。\r\n");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ASCII with short lines | text/html | 7bit | <p>Hello Ann,</p>",
        "a line longer than 998 | text/html | quoted-printable | Lorem ipsum",
        "accented text | text/plain | quoted-printable | Zo=C3=A9",
        "mostly non-ASCII text | text/plain | base64 | Content-Type: text/plain"})
    void choosesTheTransferEncodingJakartaMailWould(String body, String type, String encoding, String fragment)
            throws Exception {
        String contentType = type + "; charset=UTF-8";
        String wire = assertSameAsJakartaMail(m -> single(m, BODIES.get(body), contentType));
        WireMessage builtBySetText = message(m -> WireMessage.setText(m, BODIES.get(body), contentType,
                StandardCharsets.UTF_8), new WireMessage(SESSION));
        builtBySetText.render();
        assertThat(wireText(builtBySetText)).isEqualTo(wire);
        assertThat(wire).contains("Content-Transfer-Encoding: " + encoding).contains(fragment);
        assertThat(wire.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

    @Test
    void eachPartOfAnAlternativeGetsItsOwnEncoding() throws Exception {
        String html = "<p>" + "x".repeat(1200) + "</p>";
        String text = "Hello Ann\r\n";
        String wire = assertSameAsJakartaMail(m -> alternative(m, html, text));
        assertThat(wire).contains("multipart/alternative")
                .contains("Content-Transfer-Encoding: quoted-printable")
                .contains("Content-Transfer-Encoding: 7bit");
    }

    @Test
    void theCallersMessageIdAndDateSurvive() throws Exception {
        MimeMessage message = message(m -> single(m, "hi\r\n", "text/plain; charset=UTF-8"));
        MimeMessage sent = WireMessage.forTransport(message);
        assertThat(sent.getMessageID()).isEqualTo("<42.7@sluice.test>");
        assertThat(sent.getHeader("Date", null)).isEqualTo("Thu, 26 Nov 2026 10:00:00 +0000");
        assertThat(sent.getAllRecipients()).extracting(Object::toString).containsExactly("ann@example.com");
        assertThat(sent.getFrom()).extracting(Object::toString).containsExactly("news@sluice.test");
    }

    @Test
    void aRenderedWireMessageIsSentAsItIsWithHeadersSetAfterwards() throws Exception {
        WireMessage message = new WireMessage(SESSION);
        message.setFrom(new InternetAddress("news@sluice.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@example.com"));
        message.setHeader("Message-ID", "<42.7@sluice.test>");
        single(message, "Bonjour Zoé\r\n", "text/plain; charset=UTF-8");
        assertThat(WireMessage.forTransport(message)).as("not rendered yet: a parsed copy").isNotSameAs(message);

        message.render();
        message.setHeader("Date", "Thu, 26 Nov 2026 10:00:00 +0000"); // as PooledJavaMailSender does at send time
        assertThat(WireMessage.forTransport(message)).isSameAs(message);
        String wire = wireText(message);
        assertThat(wire).contains("Message-ID: <42.7@sluice.test>\r\n", "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n",
                "Content-Transfer-Encoding: quoted-printable\r\n").endsWith("\r\n\r\nBonjour Zo=C3=A9\r\n");

        // camel-mail's own sender calls saveChanges() again: the message is then written from its content anew
        single(message, "Hello Ann\r\n", "text/plain; charset=UTF-8");
        message.saveChanges();
        assertThat(WireMessage.forTransport(message)).isNotSameAs(message);
        assertThat(wireText(message)).endsWith("\r\n\r\nHello Ann\r\n");
    }

    @Test
    void aBccRecipientIsStillARecipientButNotOnTheWire() throws Exception {
        MimeMessage message = message(m -> single(m, "hi\r\n", "text/plain; charset=UTF-8"));
        message.setRecipient(Message.RecipientType.BCC, new InternetAddress("audit@example.com"));
        MimeMessage sent = WireMessage.forTransport(message);
        assertThat(sent.getAllRecipients()).extracting(Object::toString)
                .containsExactly("ann@example.com", "audit@example.com");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        sent.writeTo(wire, NOT_ON_THE_WIRE);
        assertThat(wire.toString(StandardCharsets.ISO_8859_1)).doesNotContain("audit@example.com");
    }

    @Test
    void encodingRuleMatchesJakartaMail() {
        assertThat(WireMessage.textEncoding("plain\r\ntext\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo("7bit");
        assertThat(WireMessage.textEncoding("a\u0000b".getBytes(StandardCharsets.US_ASCII))).isEqualTo("quoted-printable");
        assertThat(WireMessage.textEncoding("x".repeat(999).getBytes(StandardCharsets.US_ASCII))).isEqualTo("quoted-printable");
        assertThat(WireMessage.textEncoding("x".repeat(998).getBytes(StandardCharsets.US_ASCII))).isEqualTo("7bit");
        assertThat(WireMessage.textEncoding(new byte[] {(byte) 0xc3, (byte) 0xa9, 'a'})).isEqualTo("base64");
    }

    /** Renders the message both ways and asserts the bytes are equal; returns them as text. */
    private static String assertSameAsJakartaMail(ThrowingConsumer<MimeMessage> content) throws Exception {
        MimeMessage byJakartaMail = message(content);
        byJakartaMail.saveChanges();
        byJakartaMail.setHeader("Message-ID", "<42.7@sluice.test>");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byJakartaMail.writeTo(expected, NOT_ON_THE_WIRE);

        // multipart boundaries are unique per MimeMultipart instance: compare them as one placeholder
        String jakartaMail = expected.toString(StandardCharsets.ISO_8859_1).replaceAll(BOUNDARY, "BOUNDARY");
        WireMessage inPlace = message(content, new WireMessage(SESSION));
        inPlace.render();
        assertThat(wireText(inPlace)).isEqualTo(jakartaMail);
        MimeMessage parsedBack = WireMessage.forTransport(message(content));
        assertThat(parsedBack).isNotInstanceOf(WireMessage.class);
        assertThat(wireText(parsedBack)).isEqualTo(jakartaMail);
        return jakartaMail;
    }

    private static String wireText(MimeMessage message) throws Exception {
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        message.writeTo(actual, NOT_ON_THE_WIRE);
        return actual.toString(StandardCharsets.ISO_8859_1).replaceAll(BOUNDARY, "BOUNDARY");
    }

    private static MimeMessage message(ThrowingConsumer<MimeMessage> content) throws Exception {
        return message(content, new MimeMessage(SESSION));
    }

    private static <M extends MimeMessage> M message(ThrowingConsumer<MimeMessage> content, M m) throws Exception {
        m.setFrom(new InternetAddress("news@sluice.test"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("ann@example.com"));
        m.setHeader("Subject", "Hello");
        m.setHeader("Date", "Thu, 26 Nov 2026 10:00:00 +0000");
        m.setHeader("Message-ID", "<42.7@sluice.test>");
        content.accept(m);
        return m;
    }

    /** As camel-mail's MailBinding.populateContentOnMimeMessage: bytes in a ByteArrayDataSource. */
    private static void single(MimeMessage m, String body, String contentType) throws Exception {
        m.setDataHandler(new DataHandler(new ByteArrayDataSource(body, contentType)));
        m.setHeader("Content-Type", contentType);
    }

    /** As camel-mail's alternative body: multipart/alternative with text first, then HTML. */
    private static void alternative(MimeMessage m, String html, String text) throws Exception {
        MimeMultipart multipart = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setDataHandler(new DataHandler(new ByteArrayDataSource(text, "text/plain; charset=UTF-8")));
        plain.setHeader("Content-Type", "text/plain; charset=UTF-8");
        multipart.addBodyPart(plain);
        MimeBodyPart rich = new MimeBodyPart();
        rich.setDataHandler(new DataHandler(new ByteArrayDataSource(html, "text/html; charset=UTF-8")));
        rich.setHeader("Content-Type", "text/html; charset=UTF-8");
        multipart.addBodyPart(rich);
        m.setContent(multipart);
    }

    @FunctionalInterface
    private interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }
}
