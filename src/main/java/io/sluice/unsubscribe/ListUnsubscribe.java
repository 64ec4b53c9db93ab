package io.sluice.unsubscribe;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;

/**
 * Adds the one-click unsubscribe headers to a message (RFC 8058 section 3.1, RFC 2369):
 * <pre>
 * List-Unsubscribe: &lt;https://u.example.com/unsubscribe/TOKEN&gt;,
 *  &lt;mailto:unsubscribe@example.com?subject=unsubscribe-TOKEN&gt;
 * List-Unsubscribe-Post: List-Unsubscribe=One-Click
 * </pre>
 * Every character comes from the validated settings (printable ASCII, no spaces) and the base64url token, so no
 * value can add a header; the line is folded after the comma when it would pass 78 characters.
 */
public final class ListUnsubscribe {

    public static final String HEADER = "List-Unsubscribe";
    public static final String POST_HEADER = "List-Unsubscribe-Post";
    /** RFC 8058: the only value, and the exact body the receiver POSTs. */
    public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    private final UnsubscribeSettings settings;
    private final UnsubscribeToken tokens;

    public ListUnsubscribe(UnsubscribeSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("one-click unsubscribe is off (no sluice.unsubscribe.base-url)");
        }
        this.settings = settings;
        this.tokens = new UnsubscribeToken(settings.key());
    }

    /** The token and URL that unsubscribes {@code recipientId} from {@code deliveryId}'s list. */
    public String url(long recipientId, long deliveryId) {
        return settings.baseUrl() + "/" + tokens.create(recipientId, deliveryId);
    }

    public void addTo(MimePart message, long recipientId, long deliveryId) throws MessagingException {
        String token = tokens.create(recipientId, deliveryId);
        String value = "<" + settings.baseUrl() + "/" + token + ">";
        if (!settings.mailto().isEmpty()) {
            value += ", <mailto:" + settings.mailto() + "?subject=unsubscribe-" + token + ">";
        }
        message.setHeader(HEADER, MimeUtility.fold(HEADER.length() + 2, value));
        message.setHeader(POST_HEADER, ONE_CLICK);
    }

    UnsubscribeToken tokens() {
        return tokens;
    }
}
