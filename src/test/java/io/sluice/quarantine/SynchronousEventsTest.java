package io.sluice.quarantine;

import io.sluice.result.BroadlogMessage;
import io.sluice.result.DeliveryResult;
import io.sluice.result.FailureQualifier;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.result.Qualification;
import io.sluice.result.SendOutcome;
import io.sluice.result.SmtpReply;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static io.sluice.quarantine.AddressEvent.Kind.DELIVERED;
import static io.sluice.quarantine.AddressEvent.Kind.HARD;
import static io.sluice.quarantine.AddressEvent.Kind.SOFT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which synchronous results count against an address, each reply qualified by the real {@link FailureQualifier} as
 * the result recorder does: the address's own hard errors quarantine, the recipient side's other errors are soft, and
 * the sender's problems (policy, authentication, flow control, Sluice's own errors) and rows never attempted count
 * nothing.
 */
class SynchronousEventsTest {

    static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    /** The shipped rule gmail-receiving-too-quickly stands for every domains.yaml reply rule. */
    final SynchronousEvents events = new SynchronousEvents(reply -> reply.contains("receiving mail too quickly"));

    @Test
    void shouldCountAnAcceptedMessageAsDelivered() {
        DeliveryResult accepted = new DeliveryResult(1, 1, "t", "Ann@example.com", "example.com", SendOutcome.ACCEPTED,
                null, DeliveryResult.STATUS_SENT, 0, AT, AT, null);
        assertThat(events.of(accepted)).contains(new AddressEvent("Ann@example.com", DELIVERED, null, 0, AT));
    }

    @Test
    void shouldQuarantineOnlyForTheAddressesOwnHardErrors() {
        assertThat(kindOf(SendOutcome.HARD_FAILURE, "550 5.1.1 <ann@example.com>: user unknown")).contains(HARD);
        assertThat(kindOf(SendOutcome.HARD_FAILURE, "550 5.2.1 mailbox disabled")).contains(HARD);
        assertThat(events.of(failed(SendOutcome.HARD_FAILURE, "550 5.1.1 user unknown")).orElseThrow())
                .extracting(AddressEvent::text, AddressEvent::failureReason)
                .containsExactly("550 5.1.1 user unknown", FailureReason.USER_UNKNOWN.code());
    }

    @Test
    void shouldCountOtherRecipientSideErrorsAsSoft() {
        assertThat(kindOf(SendOutcome.SOFT_FAILURE, "450 4.2.0 Mailbox temporarily unavailable")).contains(SOFT);
        assertThat(kindOf(SendOutcome.SOFT_FAILURE, "452 4.2.2 Mailbox full")).contains(SOFT);
        assertThat(kindOf(SendOutcome.HARD_FAILURE, "552 5.2.2 Mailbox full")).as("Campaign: full is soft").contains(SOFT);
        assertThat(kindOf(SendOutcome.HARD_FAILURE, "550 5.1.2 Domain does not exist")).as("invalid domain")
                .contains(SOFT);
        assertThat(kindOf(SendOutcome.HARD_FAILURE, "554 Transaction failed")).as("unqualified 5xx").contains(SOFT);
        assertThat(kindOf(SendOutcome.CONNECTION_FAILURE, null)).as("connection refused, timeout").contains(SOFT);
    }

    @Test
    void shouldNeverCountTheSendersProblemsNorRowsNeverAttempted() {
        assertThat(kindOf(SendOutcome.HARD_FAILURE, "550 5.7.1 Message rejected as spam by policy")).isEmpty();
        assertThat(kindOf(SendOutcome.SOFT_FAILURE, "421 4.7.0 Try again later")).isEmpty();
        assertThat(kindOf(SendOutcome.SOFT_FAILURE, "450 4.2.1 The user you are trying to contact is receiving mail"
                + " too quickly")).as("a flow-control reply rule matches").isEmpty();
        assertThat(kindOf(SendOutcome.INTERNAL_FAILURE, null)).as("Sluice's own error").isEmpty();
        // what ResultRecorder makes of an authentication reply (domains.yaml class: authentication)
        DeliveryResult authentication = result(SendOutcome.HARD_FAILURE, "550 5.7.26 unauthenticated",
                new Qualification(FailureType.IGNORED, FailureReason.REFUSED));
        assertThat(events.of(authentication)).isEmpty();
        DeliveryResult rejectedUpFront = new DeliveryResult(1, 1, "t", "ann@example.com", "example.com", null, null,
                DeliveryResult.STATUS_FAILED, 0, AT, AT, new BroadlogMessage("Recipient is on the denylist",
                "Recipient is on the denylist", FailureType.HARD, FailureReason.DENYLISTED));
        assertThat(events.of(rejectedUpFront)).isEmpty();
    }

    private Optional<AddressEvent.Kind> kindOf(SendOutcome outcome, String reply) {
        return events.of(failed(outcome, reply)).map(AddressEvent::kind);
    }

    private static DeliveryResult failed(SendOutcome outcome, String reply) {
        SmtpReply parsed = reply == null ? null : SmtpReply.parse(reply).orElseThrow();
        return result(outcome, reply, new FailureQualifier().qualify(outcome, parsed));
    }

    private static DeliveryResult result(SendOutcome outcome, String reply, Qualification q) {
        SmtpReply parsed = reply == null ? null : SmtpReply.parse(reply).orElseThrow();
        String raw = reply == null ? "ConnectException: Connection refused" : reply;
        return new DeliveryResult(1, 1, "t", "ann@example.com", "example.com", outcome, parsed,
                DeliveryResult.STATUS_PENDING, 1, AT.plusSeconds(3600), AT,
                new BroadlogMessage(raw, raw, q.type(), q.reason()));
    }
}
