package io.sluice.bounces;

import java.util.List;

/**
 * One mail of the bounce mailbox as read by {@link MailReader}: what it is, and what it names that can lead back
 * to a broadlog row. Nothing here is trusted: {@link BounceMatcher} checks it against the database and the VERP
 * MAC.
 *
 * @param type             what the mail is
 * @param messageId        the mail's own Message-ID (empty when it has none)
 * @param recipients       a DSN's per-recipient fields (empty for other types)
 * @param feedbackType     an ARF report's Feedback-Type, lower-case (empty for other types)
 * @param addresses        addresses that may be Sluice's VERP return path: the mailbox's envelope headers
 *                         (Delivered-To, X-Original-To, To...), the returned message's Return-Path, ARF's
 *                         Original-Mail-From
 * @param originalIds      Message-IDs that may be Sluice's: the returned message's, an auto-reply's In-Reply-To and
 *                         References
 * @param reportedAddress  an ARF report's Original-Rcpt-To (empty when absent or redacted)
 * @param problem          why an UNPROCESSABLE mail is (empty for others)
 */
public record InboundMail(Type type, String messageId, List<DsnRecipient> recipients, String feedbackType,
                          List<String> addresses, List<String> originalIds, String reportedAddress, String problem) {

    /** What a mail of the bounce mailbox is. */
    public enum Type {
        /** multipart/report; report-type=delivery-status with a readable delivery-status part. */
        DSN,
        /** multipart/report; report-type=feedback-report with a readable feedback-report part. */
        FEEDBACK,
        /** An automatic reply: RFC 3834 Auto-Submitted (not "no"), or an out-of-office mark or subject. */
        AUTO_REPLY,
        /** Anything else: not a report, malformed, oversized. */
        UNPROCESSABLE
    }

    public InboundMail {
        recipients = List.copyOf(recipients);
        addresses = List.copyOf(addresses);
        originalIds = List.copyOf(originalIds);
    }

    static InboundMail unprocessable(String messageId, String problem) {
        return new InboundMail(Type.UNPROCESSABLE, messageId, List.of(), "", List.of(), List.of(), "", problem);
    }
}
