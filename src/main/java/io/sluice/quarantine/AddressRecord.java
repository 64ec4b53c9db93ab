package io.sluice.quarantine;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One NmsAddress row: an address's quarantine status and its last counted error.
 *
 * @param address         lower-cased (see {@link #key})
 * @param errorCount      counted errors since the last reset
 * @param lastErrorAt     time of the last counted error; null when none was ever counted
 * @param lastErrorText   text of the last error or complaint, counted or not; null when none
 * @param failureReason   Campaign failure reason of that error (0 when none)
 * @param created         when the row was made
 * @param modified        when it last changed
 */
public record AddressRecord(String address, AddressStatus status, int errorCount, Instant lastErrorAt,
                            String lastErrorText, int failureReason, Instant created, Instant modified) {

    /** Longest text kept (the column's size). */
    static final int MAX_TEXT = 1000;

    public AddressRecord {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        if (errorCount < 0) {
            throw new IllegalArgumentException("errorCount must not be negative, was " + errorCount);
        }
        if (lastErrorText != null && lastErrorText.length() > MAX_TEXT) {
            lastErrorText = lastErrorText.substring(0, MAX_TEXT);
        }
    }

    /** How NmsAddress keys an address: trimmed and lower-cased (the claim's view compares the same form). */
    public static String key(String address) {
        return address == null ? null : address.strip().toLowerCase(Locale.ROOT);
    }

    /** A fresh row for an address that had none: Valid, no error. */
    static AddressRecord fresh(String address, Instant at) {
        return new AddressRecord(key(address), AddressStatus.VALID, 0, null, null, 0, at, at);
    }

    AddressRecord with(AddressStatus newStatus, int newCount, Instant newLastErrorAt, String newText, int newReason,
                       Instant at) {
        return new AddressRecord(address, newStatus, newCount, newLastErrorAt, newText, newReason, created, at);
    }

    @Override
    public String toString() {
        return address + ": " + status.label() + ", " + errorCount + " error" + (errorCount == 1 ? "" : "s")
                + (lastErrorAt == null ? "" : ", last counted " + lastErrorAt)
                + (lastErrorText == null ? "" : ", last error (reason " + failureReason + "): " + lastErrorText);
    }
}
