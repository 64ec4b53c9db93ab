package io.sluice.send;

import static io.sluice.SluiceConstants.SLUICE_ADDRESS;
import static io.sluice.SluiceConstants.SLUICE_HTML;
import static io.sluice.SluiceConstants.SLUICE_MAIL_BROADLOG_ID;
import static io.sluice.SluiceConstants.SLUICE_MAIL_DELIVERY_ID;
import static io.sluice.SluiceConstants.SLUICE_FEEDBACK_ID;
import static io.sluice.SluiceConstants.SLUICE_ROW;
import static io.sluice.SluiceConstants.SLUICE_SUBJECT;
import static io.sluice.SluiceConstants.SLUICE_TEXT;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.message.AddressCheck;
import io.sluice.message.ClaimedRow;
import io.sluice.message.HeaderText;
import io.sluice.message.MessageIds;
import io.sluice.send.pool.WireMessage;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Last step before camel-mail: builds the MIME message itself (From, To, Subject, Message-ID, the broadlog and
 * delivery ids, the rendered HTML / text bodies; multipart/alternative, text first, when both exist), renders it
 * to its wire bytes once ({@link WireMessage}) and makes it the exchange body, with no other header left.
 *
 * <p>camel-mail sends a {@link jakarta.mail.internet.MimeMessage} body as it is (MailProducer) instead of building
 * one from the exchange's headers with its MailBinding. Why (profiled, docs/benchmarks.md "Profiled run (stop
 * 6)"): the MailBinding walked every header per message, split the recipient with a regex, and its message was
 * then rendered and parsed back again before the pooled session could write it: ~13 % and ~4 % of Sluice's CPU.
 * The message is the one MailBinding built from the headers this step used to set (same address encoding,
 * {@code UTF-8} subject, {@code text/html; charset=UTF-8} and {@code text/plain; charset=UTF-8} parts), and with
 * the exchange headers cleared no {@code mail.smtp.*} header can make camel-mail build a sender per message.
 */
public final class MessageAssembler {

    private static final String CHARSET = UTF_8.name();
    private static final String HTML_TYPE = "text/html; charset=UTF-8";
    private static final String TEXT_TYPE = "text/plain; charset=UTF-8";

    /** Only {@code mail.mime.*} settings of a message's session matter to it; the SMTP session has its own. */
    private final Session session = Session.getInstance(new Properties());
    private final String defaultFrom;
    private final String messageIdDomain;
    /** One-click unsubscribe headers, or null when sluice.unsubscribe.base-url is empty. */
    private final io.sluice.unsubscribe.ListUnsubscribe listUnsubscribe;
    /** The VERP envelope sender, or null when sluice.bounces.return-path-domain is empty (MAIL FROM = From). */
    private final io.sluice.bounces.ReturnPath returnPath;

    /**
     * @param defaultFrom     sender of deliveries without sMailFrom
     * @param messageIdDomain right-hand side of Message-IDs, or blank for the domain of From
     */
    public MessageAssembler(String defaultFrom, String messageIdDomain) {
        this(defaultFrom, messageIdDomain, null, null);
    }

    /**
     * @param listUnsubscribe adds List-Unsubscribe and List-Unsubscribe-Post; null = none
     * @param returnPath      the VERP MAIL FROM of each message; null = the From address
     */
    public MessageAssembler(String defaultFrom, String messageIdDomain,
                            io.sluice.unsubscribe.ListUnsubscribe listUnsubscribe, io.sluice.bounces.ReturnPath returnPath) {
        this.defaultFrom = defaultFrom;
        this.messageIdDomain = messageIdDomain == null ? "" : messageIdDomain.trim();
        this.listUnsubscribe = listUnsubscribe;
        this.returnPath = returnPath;
    }

    public void assemble(Exchange exchange) throws MessagingException, UnsupportedEncodingException {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        AddressCheck.Valid to = exchange.getProperty(SLUICE_ADDRESS, AddressCheck.Valid.class);
        String from = row.mailFrom() == null || row.mailFrom().isBlank() ? defaultFrom : HeaderText.oneLine(row.mailFrom());
        String html = exchange.getProperty(SLUICE_HTML, String.class);
        String text = exchange.getProperty(SLUICE_TEXT, String.class);

        WireMessage message = new WireMessage(session);
        message.setFrom(encodedAddress(from));
        message.setRecipient(RecipientType.TO, encodedAddress(to.address()));
        message.setSubject(HeaderText.oneLine(exchange.getProperty(SLUICE_SUBJECT, String.class)), CHARSET);
        message.setHeader("Message-ID", MessageIds.create(row.broadlogId(), row.deliveryId(), idDomain(from)));
        message.setHeader(SLUICE_MAIL_BROADLOG_ID, Long.toString(row.broadlogId()));
        message.setHeader(SLUICE_MAIL_DELIVERY_ID, Long.toString(row.deliveryId()));
        String feedbackId = exchange.getProperty(SLUICE_FEEDBACK_ID, String.class);
        if (feedbackId != null) {
            message.setHeader("Feedback-ID", feedbackId); // one value per delivery, checked as it was made
        }
        if (listUnsubscribe != null && row.recipientId() != null) {
            listUnsubscribe.addTo(message, row.recipientId(), row.deliveryId());
        }
        if (returnPath != null) {
            message.setEnvelopeFrom(returnPath.addressFor(row.broadlogId()));
        }
        if (html != null && text != null) {
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(WireMessage.setText(new MimeBodyPart(), text, TEXT_TYPE, UTF_8));
            alternative.addBodyPart(WireMessage.setText(new MimeBodyPart(), html, HTML_TYPE, UTF_8));
            message.setContent(alternative);
        } else if (html != null) {
            WireMessage.setText(message, html, HTML_TYPE, UTF_8);
        } else {
            WireMessage.setText(message, text == null ? "" : text, TEXT_TYPE, UTF_8);
        }
        message.render();

        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setBody(message);
    }

    /** As camel-mail's MailBinding: the address parsed strictly, its display name encoded in UTF-8 if needed. */
    private static InternetAddress encodedAddress(String address) throws AddressException, UnsupportedEncodingException {
        InternetAddress parsed = new InternetAddress(address);
        parsed.setPersonal(parsed.getPersonal(), CHARSET);
        return parsed;
    }

    private String idDomain(String from) {
        if (!messageIdDomain.isEmpty()) {
            return messageIdDomain;
        }
        int at = from.lastIndexOf('@');
        String d = at >= 0 ? keepDomainChars(from, at + 1) : "";
        return d.isEmpty() ? "sluice.invalid" : d;
    }

    /** {@code s.substring(from).replaceAll("[^A-Za-z0-9.-]", "")} without a regex per message. */
    private static String keepDomainChars(String s, int from) {
        StringBuilder sb = new StringBuilder(s.length() - from);
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
