package io.sluice.send;

import io.sluice.SluiceExchange;
import io.sluice.message.AddressCheck;
import io.sluice.message.ClaimedRow;
import io.sluice.message.HeaderText;
import io.sluice.message.MessageIds;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Last step before camel-mail: replaces every header with exactly the mail headers of this message, so no
 * internal header leaks on the wire, and puts the rendered HTML / text bodies in place
 * (multipart/alternative when both exist).
 */
public final class MessageAssembler {

    private final String defaultFrom;
    private final String messageIdDomain;

    /**
     * @param defaultFrom     sender of deliveries without sMailFrom
     * @param messageIdDomain right-hand side of Message-IDs, or blank for the domain of From
     */
    public MessageAssembler(String defaultFrom, String messageIdDomain) {
        this.defaultFrom = defaultFrom;
        this.messageIdDomain = messageIdDomain == null ? "" : messageIdDomain.trim();
    }

    public void assemble(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SluiceExchange.ROW, ClaimedRow.class);
        AddressCheck.Valid to = exchange.getProperty("sluiceAddress", AddressCheck.Valid.class);
        String from = row.mailFrom() == null || row.mailFrom().isBlank() ? defaultFrom : HeaderText.oneLine(row.mailFrom());
        String html = exchange.getProperty(SluiceExchange.HTML, String.class);
        String text = exchange.getProperty(SluiceExchange.TEXT, String.class);

        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader("From", from);
        m.setHeader("To", to.address());
        m.setHeader("Subject", HeaderText.oneLine(exchange.getProperty(SluiceExchange.SUBJECT, String.class)));
        m.setHeader("Message-ID", MessageIds.create(row.broadlogId(), row.deliveryId(), idDomain(from)));
        m.setHeader(SluiceExchange.X_BROADLOG_ID, Long.toString(row.broadlogId()));
        m.setHeader(SluiceExchange.X_DELIVERY_ID, Long.toString(row.deliveryId()));
        if (html != null) {
            m.setHeader("Content-Type", "text/html; charset=UTF-8");
            m.setBody(html);
            if (text != null) {
                m.setHeader("CamelMailAlternativeBody", text);
            }
        } else {
            m.setHeader("Content-Type", "text/plain; charset=UTF-8");
            m.setBody(text == null ? "" : text);
        }
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
