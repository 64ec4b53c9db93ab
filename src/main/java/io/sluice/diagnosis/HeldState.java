package io.sluice.diagnosis;

/**
 * The flow-control states in which a domain's mail is held back, by the names {@code SluiceFlowEvent} stores
 * ({@code io.sluice.flowcontrol.DomainFlow.State}), in the order of the report's columns, each with the colour of
 * its band on the timelines.
 */
public enum HeldState {
    BACKOFF("#fde3b8"),
    SUSPENDED("#f8c8c8"),
    PROBING("#fbf2b0");

    /** The sender's own problem state ({@code GlobalSenderState.State}), a band on the sender's timeline. */
    public static final String SENDER_PROBLEM = "SENDER_PROBLEM";
    /** The band colour of {@link #SENDER_PROBLEM} (that of a suspension: nothing is sent). */
    static final String SENDER_PROBLEM_COLOR = SUSPENDED.bandColor;

    private final String bandColor;

    HeldState(String bandColor) {
        this.bandColor = bandColor;
    }

    public String bandColor() {
        return bandColor;
    }

    /** @return the held state stored under that name, or null for any other state (NORMAL, unknown) */
    public static HeldState of(String stored) {
        for (HeldState s : values()) {
            if (s.name().equals(stored)) {
                return s;
            }
        }
        return null;
    }
}
