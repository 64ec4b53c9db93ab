package io.sluice.quarantine;

import java.util.Arrays;

/**
 * Campaign's address statuses (NmsAddress.iStatus) with the integer codes Sluice stores. Campaign's labels; the codes
 * are Sluice's (documented in config/sql/schema.sql) and must never be renumbered: the claim's view compares them.
 */
public enum AddressStatus {
    /** Mailed normally. An address without an NmsAddress row is Valid too. */
    VALID(0, "Valid"),
    /** Has counted soft errors, still mailed; quarantined when they exceed sluice.quarantine.soft-errors. */
    WITH_ERRORS(1, "With errors"),
    /** Not mailed: its rows end Failed, type Hard, reason 9 (Address in quarantine). Only an operator releases it. */
    QUARANTINE(2, "Quarantine"),
    /** Not mailed (the person complained): rows end Failed, type Hard, reason 8 (Denylisted address). */
    DENYLISTED(3, "Denylisted");

    private final int code;
    private final String label;

    AddressStatus(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The label Campaign shows. */
    public String label() {
        return label;
    }

    /** True when the claim must not send to the address. */
    public boolean excluded() {
        return this == QUARANTINE || this == DENYLISTED;
    }

    /** @throws IllegalArgumentException for a code no status has */
    public static AddressStatus ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no address status has code " + code
                        + " (0 Valid, 1 With errors, 2 Quarantine, 3 Denylisted)"));
    }
}
