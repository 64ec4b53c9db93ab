package io.sluice.result;

import static io.sluice.SluiceConstants.SLUICE_ADDRESS;
import static io.sluice.SluiceConstants.SLUICE_ROW;

import io.sluice.message.AddressCheck;
import io.sluice.message.ClaimedRow;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Instant;

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
        DELIVERY_NOT_FOUND(FailureType.HARD, FailureReason.NOT_DEFINED),
        INVALID_SENDER(FailureType.HARD, FailureReason.NOT_DEFINED),
        /** The sender cannot be sent for as configured (e.g. no DKIM key for its domain, sluice.dkim.unsigned=fail). */
        SENDER_REFUSED(FailureType.HARD, FailureReason.NOT_DEFINED),
        VALIDITY_EXPIRED(FailureType.SOFT, FailureReason.NOT_DEFINED);

        final FailureType type;
        final FailureReason reason;

        Rejection(FailureType type, FailureReason reason) {
            this.type = type;
            this.reason = reason;
        }
    }

    private final Clock clock;
    private final SendFailureClassifier classifier = new SendFailureClassifier();
    private final FailureQualifier qualifier = new FailureQualifier();
    private final ReplyNormalizer normalizer = new ReplyNormalizer();

    public ResultRecorder(Clock clock) {
        this.clock = clock;
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
                : qualifier.qualify(failure.outcome(), failure.reply());
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
