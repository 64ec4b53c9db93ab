package io.sluice.result;

/** Campaign's failure type (NmsBroadLog iFailureType / enumeration "failureType"). */
public enum FailureType {
    /** Not counted against the recipient: the attempt is simply retried. */
    IGNORED(0),
    /** Temporary: retried; repeated soft failures can quarantine the address. */
    SOFT(1),
    /** Permanent: the address is quarantined at once. */
    HARD(2);

    private final int code;

    FailureType(int code) {
        this.code = code;
    }

    /** The integer Campaign stores. */
    public int code() {
        return code;
    }
}
