package io.sluice.unsubscribe;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the unsubscribe endpoint ({@code routes/unsubscribe.camel.yaml}) answers. The path after the listener's
 * path is the token; its MAC is checked before anything else is read.
 * <ul>
 * <li>GET: a confirmation page whose button POSTs; changes nothing (mail scanners and previews prefetch links).</li>
 * <li>POST with {@code List-Unsubscribe=One-Click} (RFC 8058; form-urlencoded, or the same field as
 * multipart/form-data): unsubscribes ({@link UnsubscribeStore}) and answers 200; again: 200, nothing more changes.</li>
 * <li>A bad, tampered or over-long token: 404; a POST without the one-click field: 400; a database error: 503
 * (the sender retries). None of them changes anything.</li>
 * </ul>
 * Request headers never reach the response: every header is cleared and only the response's own are set.
 */
public final class UnsubscribeRequests {

    private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeRequests.class);
    private static final String HTML = "text/html; charset=UTF-8";

    private final UnsubscribeToken tokens;
    private final UnsubscribeStore store;

    public UnsubscribeRequests(ListUnsubscribe headers, UnsubscribeStore store) {
        this.tokens = headers.tokens();
        this.store = store;
    }

    private UnsubscribeRequests() {
        this.tokens = null;
        this.store = null;
    }

    /** Bound when one-click unsubscribe is off (the route is loaded but not started): every request is 404. */
    public static UnsubscribeRequests disabled() {
        return new UnsubscribeRequests();
    }

    public void respond(Exchange exchange) {
        Message in = exchange.getMessage();
        String method = in.getHeader(Exchange.HTTP_METHOD, "", String.class);
        String path = in.getHeader(Exchange.HTTP_PATH, "", String.class);
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        Optional<UnsubscribeToken.Target> target = tokens == null ? Optional.empty() : tokens.verify(path.startsWith("/") ? path.substring(1) : path);
        if (target.isEmpty()) {
            answer(in, 404, page("Unknown link", "This unsubscribe link is not valid. Nothing was changed."));
        } else if (method.equals("GET") || method.equals("HEAD")) {
            answer(in, 200, confirmationPage());
        } else if (!oneClick(contentType, in.getBody(String.class))) {
            answer(in, 400, page("Bad request", "The request did not ask to unsubscribe. Nothing was changed."));
        } else {
            unsubscribe(in, target.get());
        }
    }

    private void unsubscribe(Message in, UnsubscribeToken.Target target) {
        try {
            UnsubscribeStore.Outcome outcome = store.unsubscribe(target);
            if (outcome == UnsubscribeStore.Outcome.UNKNOWN_RECIPIENT) {
                answer(in, 404, page("Unknown link", "This unsubscribe link is not valid. Nothing was changed."));
                return;
            }
            if (outcome == UnsubscribeStore.Outcome.UNSUBSCRIBED) {
                LOG.info("Recipient {} unsubscribed (one-click, delivery {})", target.recipientId(), target.deliveryId());
            }
            answer(in, 200, page("Unsubscribed", "You will not receive these emails any more."));
        } catch (SQLException e) {
            LOG.warn("Could not record the unsubscribe of recipient {} (delivery {}): {}", target.recipientId(),
                    target.deliveryId(), e.getMessage());
            answer(in, 503, page("Try again later", "Your request could not be recorded now. Please try again later."));
        }
    }

    /** RFC 8058 section 3.1: the field {@code List-Unsubscribe=One-Click}, form-urlencoded or multipart/form-data. */
    static boolean oneClick(String contentType, String body) {
        if (body == null) {
            return false;
        }
        if (contentType.toLowerCase().startsWith("multipart/form-data")) {
            int field = body.indexOf("name=\"List-Unsubscribe\"");
            int value = field < 0 ? -1 : body.indexOf("\r\n\r\n", field);
            return value >= 0 && body.startsWith("One-Click\r\n", value + 4);
        }
        for (String pair : body.strip().split("&")) {
            if (pair.equals(ListUnsubscribe.ONE_CLICK)) {
                return true;
            }
        }
        return false;
    }

    private static void answer(Message in, int status, String html) {
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, HTML);
        in.setHeader("Cache-Control", "no-store");
        in.setBody(html.getBytes(StandardCharsets.UTF_8));
    }

    /** Posts the one-click field to the same URL: the browser sends exactly what a mailbox provider sends. */
    private static String confirmationPage() {
        return page("Unsubscribe", "Do you want to stop receiving these emails?</p>\n"
                + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form><p>");
    }

    private static String page(String title, String text) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head>\n<body><h1>" + title + "</h1>\n<p>" + text + "</p></body></html>\n";
    }
}
