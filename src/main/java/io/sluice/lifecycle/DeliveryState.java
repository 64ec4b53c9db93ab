package io.sluice.lifecycle;

/** {@code NmsDelivery.iState} values Sluice acts on (campaign-model.md), and what each means for sending. */
public enum DeliveryState {
    BEING_EDITED(0, "Being edited"),
    START_PENDING(51, "Start pending"),
    IN_PROGRESS(55, "In progress"),
    RECOVERY_PENDING(61, "Recovery pending"),
    RECOVERY_IN_PROGRESS(62, "Recovery in progress"),
    PAUSE_REQUESTED(71, "Pause requested"),
    PAUSE_IN_PROGRESS(72, "Pause in progress"),
    PAUSED(75, "Paused"),
    STOPPED(85, "Stopped"),
    FINISHED(95, "Finished"),
    DELETED(100, "Deleted"),
    UNKNOWN(-1, "Unknown");

    private final int code;
    private final String label;

    DeliveryState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static DeliveryState of(int code) {
        for (DeliveryState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** Its rows may go on the wire (51 is about to become 55: the claim only takes 55/62 rows anyway). */
    public boolean sendable() {
        return this == START_PENDING || this == IN_PROGRESS || this == RECOVERY_IN_PROGRESS;
    }

    /** Paused or on its way there: rows wait, parked mail stays parked. */
    public boolean paused() {
        return this == PAUSE_REQUESTED || this == PAUSE_IN_PROGRESS || this == PAUSED;
    }

    @Override
    public String toString() {
        return code + " " + label;
    }
}
