package io.sluice.result;

import java.util.Objects;

/** What Campaign records for a failed delivery: how serious it is and why. */
public record Qualification(FailureType type, FailureReason reason) {
    public Qualification {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
    }
}
