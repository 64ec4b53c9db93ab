package io.sluice.broadlog;

/**
 * The broadlog texts Sluice writes itself (NmsBroadLogMsg.sText), in one place: Campaign's status texts of mail held
 * back, and the reasons of rows the delivery lifecycle ends. Operators and Campaign's reports match on them, so they
 * are contracts, not wording to polish.
 */
public final class BroadlogTexts {

    /** Campaign's status text of mail held back by dynamic flow control. */
    public static final String DYNAMIC_FLOW_CONTROL = "Messages queued (dynamic flow control)";
    /** Campaign's status text of mail held back only by a rate quota of a healthy domain. */
    public static final String QUOTAS_MET = "Messages queued (connection quotas met)";
    /** Rows cancelled because their delivery was stopped. */
    public static final String CANCELLED = "Delivery cancelled: the delivery was stopped";
    /** Rows whose delivery's validity ended before they were sent (same as the send-time check). */
    public static final String EXPIRED = "Validity period of the delivery has expired";
    /** Rows written for a delivery that was already Finished (95): nothing sends them any more. */
    public static final String ALREADY_FINISHED = "The delivery was already finished when this message was added";

    private BroadlogTexts() {
    }
}
