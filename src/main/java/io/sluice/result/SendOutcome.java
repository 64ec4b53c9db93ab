package io.sluice.result;

/** How one SMTP delivery attempt ended, before Campaign's finer failure qualification. */
public enum SendOutcome {
    /** The receiving server accepted the message: a 2xx reply at end of DATA. */
    ACCEPTED,
    /** The receiving server refused permanently: a 5xx reply (greeting, MAIL, RCPT or DATA). */
    HARD_FAILURE,
    /** The receiving server refused for now: a 4xx reply; trying again later may succeed. */
    SOFT_FAILURE,
    /**
     * No SMTP verdict was obtained: connection refused, timeout, DNS failure, TLS failure, or the connection
     * dropped mid-session.
     */
    CONNECTION_FAILURE,
    /**
     * Our own error, not the recipient's: template, database, broker, configuration (e.g. relay credentials)
     * or a bug. Must never count against the recipient.
     */
    INTERNAL_FAILURE
}
