package io.sluice.result;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Campaign's failure reason (NmsBroadLog iFailureReason / enumeration "failureReason"), with its exact integer
 * codes: they are written to the database and read by Campaign, so they must never be renumbered.
 */
public enum FailureReason {
    NOT_DEFINED(0, "Not defined"),
    USER_UNKNOWN(1, "User unknown"),
    INVALID_DOMAIN(2, "Invalid domain"),
    UNREACHABLE(3, "Unreachable"),
    ACCOUNT_DISABLED(4, "Account disabled"),
    MAILBOX_FULL(5, "Mailbox full"),
    NOT_CONNECTED(6, "Not connected"),
    ADDRESS_NOT_SPECIFIED(7, "Address not specified"),
    DENYLISTED(8, "Denylisted"),
    QUARANTINE(9, "Quarantine"),
    DOUBLE(10, "Double"),
    EXCLUDED_BY_SQL_RULE(11, "Excluded by an SQL rule"),
    EXCLUDED_AFTER_ARBITRATION(12, "Excluded after arbitration"),
    BAD_QUALITY(14, "Address of insufficient quality"),
    UNQUALIFIED(15, "Unqualified address"),
    NOT_ELIGIBLE(16, "Not eligible"),
    TARGET_LIMITED(17, "Target limited"),
    REFUSED(20, "Refused"),
    ERROR_IGNORED(25, "Error ignored"),
    CONTROL_ADDRESS(127, "Control address");

    private static final Map<Integer, FailureReason> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FailureReason::code, Function.identity()));

    private final int code;
    private final String label;

    FailureReason(int code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The integer Campaign stores. */
    public int code() {
        return code;
    }

    /** The label Campaign shows. */
    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException for a code Campaign does not define (13, 18, 19, ...) */
    public static FailureReason ofCode(int code) {
        FailureReason reason = BY_CODE.get(code);
        if (reason == null) {
            throw new IllegalArgumentException("no Campaign failure reason has code " + code);
        }
        return reason;
    }
}
