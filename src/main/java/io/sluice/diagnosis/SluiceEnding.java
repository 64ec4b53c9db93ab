package io.sluice.diagnosis;

import io.sluice.broadlog.BroadlogTexts;

import java.util.Map;
import java.util.Objects;

/**
 * Why Sluice ended a row itself, without an answer of its domain: the delivery's lifecycle (validity, stop, rows
 * added after the end), or a Failed row that still holds one of Sluice's own queue statuses. Recognised by Sluice's
 * own broadlog texts ({@link BroadlogTexts}). The verdict holds none of them against a domain: they are neither its
 * failures nor its attempts, and the report counts them apart.
 */
public enum SluiceEnding {
    EXPIRED("validity ended"),
    ALREADY_FINISHED("added after the delivery finished"),
    CANCELLED("delivery stopped"),
    QUEUED("ended while queued by Sluice");

    private static final Map<String, SluiceEnding> BY_TEXT = Map.of(
            BroadlogTexts.EXPIRED, EXPIRED,
            BroadlogTexts.ALREADY_FINISHED, ALREADY_FINISHED,
            BroadlogTexts.CANCELLED, CANCELLED,
            BroadlogTexts.DYNAMIC_FLOW_CONTROL, QUEUED,
            BroadlogTexts.QUOTAS_MET, QUEUED);

    public final String label;

    SluiceEnding(String label) {
        this.label = label;
    }

    /** The ending a final row's last message says, or null when it is a failure of the sending (or none). */
    static SluiceEnding of(String text) {
        return BY_TEXT.get(Objects.requireNonNullElse(text, ""));
    }
}
