package io.sluice.message;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The content of each delivery (subject, HTML and text templates), read from {@code NmsDelivery} once per delivery
 * and kept for {@code sluice.delivery.content-max-age}, instead of with every claimed row.
 * <p>
 * Why: the claimed rows used to carry their delivery's templates, so a claim of 4,000 rows of one delivery read,
 * decoded and held 4,000 copies of the same HTML (a real newsletter is 50-100 KB: hundreds of MB per claim), and
 * each message then compared its copy with the last one to reuse the scoped template. The row now carries only
 * the delivery id; every message of a delivery shares one {@link Content}.
 * <p>
 * A delivery's content is fixed once it is sending in Campaign; an edit made anyway is used within the max age.
 * Only a bounded number of deliveries is kept (the least recently loaded goes first).
 */
public final class DeliveryContents {

    /** The templates of one delivery, each already scoped for camel-mustache ({@link #scoped}). */
    public record Content(String subject, String html, String text, Instant loadedAt, String feedbackId,
                          String feedbackIdError) {

        public Content(String subject, String html, String text, Instant loadedAt) {
            this(subject, html, text, loadedAt, null, null);
        }
    }

    /** Deliveries kept: far more than send at once on one instance. */
    static final int MAX_DELIVERIES = 256;

    private static final String SELECT = "SELECT sSubject, mHtml, mText, sInternalName FROM NmsDelivery WHERE iDeliveryId = ?";

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<Long, Content> byDelivery = new ConcurrentHashMap<>();
    private final FeedbackIdTemplate feedbackId;

    public DeliveryContents(DataSource dataSource, Clock clock, Duration maxAge) {
        this(dataSource, clock, maxAge, FeedbackIdTemplate.NONE);
    }

    /** @param feedbackId the Feedback-ID made once per delivery as it is loaded */
    public DeliveryContents(DataSource dataSource, Clock clock, Duration maxAge, FeedbackIdTemplate feedbackId) {
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("sluice.delivery.content-max-age must be 0 or more, was " + maxAge);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = maxAge;
        this.feedbackId = feedbackId;
    }

    /**
     * The delivery's content, read again when older than the max age; null when the delivery row does not exist
     * (the claim marks such rows; they are failed before any template is needed).
     */
    public Content of(long deliveryId) throws SQLException {
        Instant now = clock.instant();
        Content content = byDelivery.get(deliveryId);
        if (content != null && !now.isAfter(content.loadedAt().plus(maxAge))) {
            return content;
        }
        content = load(deliveryId, now);
        if (content != null) {
            if (byDelivery.size() >= MAX_DELIVERIES && !byDelivery.containsKey(deliveryId)) {
                evictOldest();
            }
            byDelivery.put(deliveryId, content);
        }
        return content;
    }

    private Content load(long deliveryId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, deliveryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String subject = rs.getString(1);
                String html = rs.getString(2);
                String text = rs.getString(3);
                boolean hasHtml = html != null && !html.isBlank();
                // the text part: the delivery's text, or an empty one when there is neither HTML nor text
                boolean hasText = text != null && !text.isBlank() || !hasHtml;
                String feedback = null;
                String feedbackError = null;
                try {
                    feedback = feedbackId.render(deliveryId, rs.getString(4));
                } catch (IllegalArgumentException e) {
                    feedbackError = e.getMessage();
                }
                return new Content(scoped(subject == null ? "" : subject),
                        hasHtml ? scoped(html) : null,
                        hasText ? scoped(text == null ? "" : text) : null, now, feedback, feedbackError);
            }
        }
    }

    /**
     * camel-mustache exposes the message body as {@code body}; opening a section on it lets templates say
     * {@code {{recipient.firstName}}} instead of {@code {{body.recipient.firstName}}}. Done once per delivery
     * here: every message of a delivery then hands camel-mustache the same String, whose cached hash its template
     * cache reads.
     */
    static String scoped(String template) {
        return "{{#body}}" + template + "{{/body}}";
    }

    private void evictOldest() {
        byDelivery.entrySet().stream()
                .min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Content::loadedAt)))
                .ifPresent(oldest -> byDelivery.remove(oldest.getKey(), oldest.getValue()));
    }
}
