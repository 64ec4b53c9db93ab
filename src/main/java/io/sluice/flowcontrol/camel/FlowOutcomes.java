package io.sluice.flowcontrol.camel;

import io.sluice.flowcontrol.Outcome;
import io.sluice.result.DeliveryResult;

/** How a delivery result counts for flow control. */
public final class FlowOutcomes {

    private FlowOutcomes() {
    }

    /** @return null when the result is no attempt (a row rejected before sending never counts) */
    public static Outcome of(DeliveryResult r) {
        if (r.outcome() == null) {
            return null;
        }
        return switch (r.outcome()) {
            case ACCEPTED -> Outcome.ACCEPTED;
            case SOFT_FAILURE -> Outcome.DEFERRAL;
            case CONNECTION_FAILURE -> Outcome.CONNECTION_FAILURE;
            case INTERNAL_FAILURE -> Outcome.INTERNAL_FAILURE;
            // 5.1.1 (the recipient) is a hard failure; 5.7.x spam/rate/block is a policy failure
            case HARD_FAILURE -> r.reply() == null ? Outcome.HARD_FAILURE : Outcome.ofReply(r.reply().toString());
        };
    }
}
