package io.sluice.result;

import static io.sluice.SluiceConstants.SLUICE_ADDRESS;
import static io.sluice.SluiceConstants.SLUICE_ROW;

import io.sluice.message.AddressCheck;
import io.sluice.message.ClaimedRow;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns the end of a per-message route (accepted, exception, or rejected up front) into a
 * {@link DeliveryResult}: classifies the failure, qualifies it in Campaign's terms, normalises the reply
 * text and applies the retry schedule.
 */
public final class ResultRecorder {

    /** Why a row was not sent at all. */
    public enum Rejection {
        ADDRESS_NOT_SPECIFIED(FailureType.HARD, FailureReason.ADDRESS_NOT_SPECIFIED),
        UNQUALIFIED(FailureType.HARD, FailureReason.UNQUALIFIED),
        DENYLISTED(FailureType.HARD, FailureReason.DENYLISTED),
        /** The address is in quarantine (NmsAddress, io.sluice.quarantine): never sent until an operator releases it. */
        QUARANTINED(FailureType.HARD, FailureReason.QUARANTINE),
        DELIVERY_NOT_FOUND(FailureType.HARD, FailureReason.NOT_DEFINED),
        INVALID_SENDER(FailureType.HARD, FailureReason.NOT_DEFINED),
        /** The sender cannot be sent for as configured (e.g. no DKIM key for its domain, sluice.dkim.unsigned=fail). */
        SENDER_REFUSED(FailureType.HARD, FailureReason.NOT_DEFINED),
        /** The delivery's Feedback-ID cannot be a header (sluice.feedback-id.template with its internal name). */
        INVALID_FEEDBACK_ID(FailureType.HARD, FailureReason.NOT_DEFINED),
        VALIDITY_EXPIRED(FailureType.SOFT, FailureReason.NOT_DEFINED);

        final FailureType type;
        final FailureReason reason;

        Rejection(FailureType type, FailureReason reason) {
            this.type = type;
            this.reason = reason;
        }
    }

    /**
     * A reply that blames the sender's authentication (SPF, DKIM, DMARC, From alignment): Campaign's type Ignored, so it
     * never counts against the recipient (no quarantine, no hard failure: the address is fine), and the row stays
     * Pending, retried on the delivery's schedule like Sluice's own errors; only when its retries or its validity run
     * out is it Failed, still with type Ignored. Reason Refused: the provider refused the mail, for the sender's sake;
     * the reply text kept with it says why. Meanwhile flow control holds the site (the shipped rules suspend it), so
     * the retries wait parked instead of meeting the same refusal.
     */
    static final Qualification SENDER_AUTHENTICATION = new Qualification(FailureType.IGNORED, FailureReason.REFUSED);

    private final Clock clock;
    private final Predicate<String> senderAuthentication;
    private final SendFailureClassifier classifier = new SendFailureClassifier();
    private final FailureQualifier qualifier = new FailureQualifier();
    private final ReplyNormalizer normalizer = new ReplyNormalizer();

    /** No reply is taken for an authentication failure (tests of the rest). */
    public ResultRecorder(Clock clock) {
        this(clock, reply -> false);
    }

    /**
     * @param senderAuthentication true for a reply ("code enhanced-code text") that blames the sender's authentication:
     *                             domains.yaml's rules of {@code class: authentication}
     */
    public ResultRecorder(Clock clock, Predicate<String> senderAuthentication) {
        this.clock = clock;
        this.senderAuthentication = Objects.requireNonNull(senderAuthentication, "senderAuthentication");
    }

    /** The SMTP server accepted the message. */
    public DeliveryResult accepted(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        Instant now = clock.instant();
        return new DeliveryResult(row.broadlogId(), row.deliveryId(), row.claimToken(), address(exchange, row),
                domain(exchange), SendOutcome.ACCEPTED, null, DeliveryResult.STATUS_SENT, row.retry(), now, now, null);
    }

    /** The attempt failed: the caught exception says how. */
    public DeliveryResult failed(Exchange exchange) {
        ClaimedRow row = exchange.getProperty(SLUICE_ROW, ClaimedRow.class);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (error == null) {
            error = exchange.getException();
        }
        SendFailure failure = classifier.classify(error == null ? new IllegalStateException("unknown error") : error);
        // a domain DNS says does not exist or takes no mail has no SMTP reply to qualify: Invalid domain, hard
        Qualification q = SendFailureClassifier.invalidDomain(error)
                ? new Qualification(FailureType.HARD, FailureReason.INVALID_DOMAIN)
                : qualification(failure.outcome(), failure.reply());
        String raw = failure.reply() != null ? failure.reply().toString() : failure.detail();
        BroadlogMessage message = new BroadlogMessage(normalizer.normalize(raw), raw, q.type(), q.reason());
        if (row == null) {
            throw new IllegalStateException("no claimed row on the exchange", error);
        }
        Instant now = clock.instant();
        Instant next = RetrySchedule.nextTry(row, q.type(), now);
        return new DeliveryResult(row.broadlogId(), row.deliveryId(), row.claimToken(), address(exchange, row),
                domain(exchange), failure.outcome(), failure.reply(),
                next == null ? DeliveryResult.STATUS_FAILED : DeliveryResult.STATUS_PENDING,
                row.retry() + 1, next == null ? now : next, now, message);
    }

    /**
     * The broadlog message of a failure reply qualified as {@link #failed} qualifies an SMTP reply: the authentication
     * rules first, then the qualification table; text normalised for NmsBroadLogMsg. The bounce mailbox qualifies the
     * reply a DSN reports with it (an asynchronous bounce is the same reply, arrived later).
     *
     * @param outcome a failure outcome (HARD_FAILURE for a 5xx, SOFT_FAILURE for a 4xx)
     */
    public BroadlogMessage qualify(SendOutcome outcome, SmtpReply reply) {
        Qualification q = qualification(outcome, reply);
        String raw = reply != null ? reply.toString() : "";
        return new BroadlogMessage(normalizer.normalize(raw), raw, q.type(), q.reason());
    }

    private Qualification qualification(SendOutcome outcome, SmtpReply reply) {
        return isSenderAuthentication(outcome, reply) ? SENDER_AUTHENTICATION : qualifier.qualify(outcome, reply);
    }

    /** A 4xx/5xx reply that an authentication rule matches: the sender's fault, whatever the basic code says. */
    private boolean isSenderAuthentication(SendOutcome o, SmtpReply reply) {
        return reply != null && (o == SendOutcome.HARD_FAILURE || o == SendOutcome.SOFT_FAILURE)
                && senderAuthentication.test(reply.toString());
    }

    /** The row is not sendable; no attempt is made and it ends Failed. */
    public DeliveryResult notSendable(ClaimedRow row, String domain, Rejection rejection, String text) {
        Instant now = clock.instant();
        BroadlogMessage message = new BroadlogMessage(normalizer.normalize(text), text, rejection.type, rejection.reason);
        return new DeliveryResult(row.broadlogId(), row.deliveryId(), row.claimToken(), row.targetAddress(), domain,
                null, null, DeliveryResult.STATUS_FAILED, row.retry(), now, now, message);
    }

    private static String address(Exchange exchange, ClaimedRow row) {
        AddressCheck.Valid a = exchange.getProperty(SLUICE_ADDRESS, AddressCheck.Valid.class);
        return a != null ? a.address() : row.targetAddress();
    }

    private static String domain(Exchange exchange) {
        AddressCheck.Valid a = exchange.getProperty(SLUICE_ADDRESS, AddressCheck.Valid.class);
        return a != null ? a.domain() : null;
    }
}
