package io.sluice.quarantine;

import io.sluice.result.BroadlogMessage;
import io.sluice.result.DeliveryResult;
import io.sluice.result.FailureReason;
import io.sluice.result.FailureType;
import io.sluice.result.SendOutcome;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which results of SMTP attempts count under the quarantine rules, and as what. Counted:
 * <ul>
 *   <li>accepted: DELIVERED (clears With errors);</li>
 *   <li>a hard failure whose reason is the address itself (User unknown, Account disabled): HARD, quarantine at
 *       once;</li>
 *   <li>any other soft or hard failure about the recipient's side (4xx, full mailbox, invalid domain, unreachable,
 *       an unqualified 5xx, a connection failure): SOFT. Invalid domain is soft as in Campaign: a DNS answer can be
 *       wrong for a while, and one should not quarantine every address of a domain at once.</li>
 * </ul>
 * Never counted (no event): rows rejected up front (no attempt), Sluice's own errors (type Ignored, outcome internal),
 * authentication replies (type Ignored), policy and reputation refusals (reason Refused: the sender's standing, not
 * the address), and any reply a flow-control rule of domains.yaml matches (throttling, deferrals for volume or
 * complaints: the sender is told to slow down, the address is fine).
 */
public final class SynchronousEvents {

    /** Reasons that condemn the address itself: a hard failure with one of them quarantines at once. */
    static final Set<FailureReason> ADDRESS_REASONS = EnumSet.of(FailureReason.USER_UNKNOWN,
            FailureReason.ACCOUNT_DISABLED);

    private final Predicate<String> flowControlReply;

    /** @param flowControlReply true for a reply ("code enhanced-code text") a domains.yaml reply rule matches */
    public SynchronousEvents(Predicate<String> flowControlReply) {
        this.flowControlReply = flowControlReply;
    }

    public Optional<AddressEvent> of(DeliveryResult r) {
        if (!r.attempted() || r.address() == null || r.address().isBlank()) {
            return Optional.empty();
        }
        if (r.outcome() == SendOutcome.ACCEPTED) {
            return Optional.of(new AddressEvent(r.address(), AddressEvent.Kind.DELIVERED, null, 0, r.eventTime()));
        }
        BroadlogMessage m = r.message();
        if (m == null || r.outcome() == SendOutcome.INTERNAL_FAILURE
                || r.reply() != null && flowControlReply.test(r.reply().toString())) {
            return Optional.empty();
        }
        String text = m.rawText() != null ? m.rawText() : m.text();
        return countedAs(m.type(), m.reason())
                .map(kind -> new AddressEvent(r.address(), kind, text, m.reason().code(), r.eventTime()));
    }

    /**
     * How a qualified error counts against its address, if at all: HARD for a hard error about the address itself
     * (User unknown, Account disabled), nothing for type Ignored and for reasons Refused (policy, reputation,
     * authentication) and Error ignored, SOFT for the rest.
     * The bounce mailbox may qualify its bounces with the same rule.
     */
    public static Optional<AddressEvent.Kind> countedAs(FailureType type, FailureReason reason) {
        if (type == FailureType.IGNORED || reason == FailureReason.REFUSED || reason == FailureReason.ERROR_IGNORED) {
            return Optional.empty();
        }
        return Optional.of(type == FailureType.HARD && ADDRESS_REASONS.contains(reason)
                ? AddressEvent.Kind.HARD : AddressEvent.Kind.SOFT);
    }
}
