package io.sluice.smtpsim;

import java.time.Clock;

/**
 * A domain's behaviour together with the runtime state it needs (the rate window). A new
 * instance is made whenever a behaviour is assigned, so re-assigning starts a fresh window.
 */
final class DomainState {

    private final DomainBehaviour behaviour;
    private final RateWindow window;

    DomainState(DomainBehaviour behaviour, Clock clock) {
        this.behaviour = behaviour;
        this.window = behaviour.kind() == DomainBehaviour.Kind.RATE_LIMIT
                ? new RateWindow(behaviour.maxMessages(), behaviour.window(), clock)
                : null;
    }

    DomainBehaviour behaviour() {
        return behaviour;
    }

    boolean isStateful() {
        return window != null;
    }

    RecipientVerdict decide(String localPart) {
        return switch (behaviour.kind()) {
            case ACCEPT -> RecipientVerdict.ACCEPT;
            case DEFER, REJECT -> RecipientVerdict.refuse(behaviour.smtpReply());
            case RATE_LIMIT -> window.tryAcquire()
                    ? RecipientVerdict.ACCEPT
                    : RecipientVerdict.refuse(behaviour.smtpReply());
            case REJECT_ADDRESSES -> behaviour.refusesMailbox(localPart)
                    ? RecipientVerdict.refuse(behaviour.smtpReply())
                    : RecipientVerdict.ACCEPT;
            case DROP_AT_RCPT -> RecipientVerdict.DROP;
            case DROP_AT_DATA -> RecipientVerdict.ACCEPT_THEN_DROP;
        };
    }
}
